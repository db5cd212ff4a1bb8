export { fileRoutes } from './files.routes.ts';
export {
  photoRef,
  processImage,
  publicUploads,
  purgeUnusedUploads,
  readFileBytes,
  storeImage,
  MAX_FILE_BYTES,
  UNUSED_UPLOAD_MS,
  type PhotoRef,
} from './files.service.ts';
export { takePendingUploads } from './files.repo.ts';
