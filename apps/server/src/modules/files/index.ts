export { fileRoutes } from './files.routes.ts';
export {
  photoHolderReach,
  photoRef,
  processImage,
  publicUploads,
  purgeUnusedUploads,
  readFileBytes,
  storeImage,
  takePhotos,
  MAX_FILE_BYTES,
  UNUSED_UPLOAD_MS,
  type PhotoHolder,
  type PhotoRef,
} from './files.service.ts';
