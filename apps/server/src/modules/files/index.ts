export { fileRoutes } from './files.routes.ts';
export {
  holdPhotos,
  photoHolderReach,
  photoRef,
  processImage,
  publicUploads,
  purgeUnusedUploads,
  readFileBytes,
  storeImage,
  MAX_FILE_BYTES,
  UNUSED_UPLOAD_MS,
  type PhotoHolder,
  type PhotoRef,
} from './files.service.ts';
export { takePendingUploads } from './files.repo.ts';
