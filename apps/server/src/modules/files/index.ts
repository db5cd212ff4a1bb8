export { fileRoutes } from './files.routes.ts';
export {
  photoRef,
  processImage,
  publicUploads,
  purgeUnusedPublicUploads,
  readFileBytes,
  storeImage,
  MAX_FILE_BYTES,
  UNUSED_PUBLIC_UPLOAD_MS,
  type PhotoRef,
} from './files.service.ts';
export { markPublicFilesAttached } from './files.repo.ts';
