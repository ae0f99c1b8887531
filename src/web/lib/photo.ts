import { exifDateTaken, withDateTaken } from './exif';

/** The longest side of a compressed photo: enough to read a sign or a document on a screen, ~300–600 KB as JPEG. */
export const PHOTO_MAX_SIDE = 1920;
const QUALITY = 0.82;

/**
 * A photo made ready on the phone before it is sent: turned upright, scaled down to PHOTO_MAX_SIDE, re-encoded as
 * JPEG through a canvas — which drops every piece of metadata (camera, GPS place, thumbnails). If the person allows,
 * the date it was taken (EXIF DateTimeOriginal) is written back, and nothing else. Not an image, or one the browser
 * cannot decode (HEIC outside Safari): returned as it is, for the server to judge.
 */
export async function preparePhoto(file: File, keepDate: boolean): Promise<File> {
  if (!/^image\/(jpeg|png|webp|bmp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return file;
  // A transparent PNG on white, not black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  if (!blob) return file;
  let bytes: Uint8Array = new Uint8Array(await blob.arrayBuffer());
  if (keepDate && file.type === 'image/jpeg') {
    const taken = exifDateTaken(new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer()));
    if (taken) bytes = withDateTaken(bytes, taken);
  }
  const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;
  return new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'image/jpeg', lastModified: file.lastModified });
}
