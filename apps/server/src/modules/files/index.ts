export { fileRoutes } from './files.routes.ts';
export { photoRef, processImage, publicUploads, readFileBytes, storeImage, MAX_FILE_BYTES, type PhotoRef } from './files.service.ts';
