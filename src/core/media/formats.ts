/**
 * The one list of accepted upload formats (NEMO_API.md: mp4 mov avi webm mkv jpg png gif webp mp3
 * wav m4a aac; jpeg is jpg's other spelling) and the forms the editor needs: the Explorer menu's
 * `when` regex and the file pickers' filters. No zod, no network: activation may load it.
 */
import { extensionOf } from "./files";

export const UPLOAD_CONTENT_TYPES: Record<string, string> = {
  mp4: "video/mp4",
  mov: "video/quicktime",
  avi: "video/x-msvideo",
  webm: "video/webm",
  mkv: "video/x-matroska",
  jpg: "image/jpeg",
  jpeg: "image/jpeg", // the docs list jpg; jpeg is the same type
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  m4a: "audio/mp4",
  aac: "audio/aac",
};

/** The one list of accepted upload formats: extensions, lower case, no dot (package.json menus and file pickers agree, test/unit/upload-formats.test.ts). */
export const UPLOAD_EXTENSIONS: readonly string[] = Object.keys(UPLOAD_CONTENT_TYPES);

/** Whether a file name has an accepted extension (any case: `.JPG`, `.jpeg`). */
export function isUploadableName(name: string): boolean {
  return UPLOAD_EXTENSIONS.includes(extensionOf(name));
}

/** The Explorer menu's `resourceExtname =~` regex, as written in package.json. */
export function uploadWhenRegex(): string {
  return `/^\\.(${UPLOAD_EXTENSIONS.join("|")})$/i`;
}

/** File-picker filter extensions: each in lower and upper case (some platforms' dialogs match case). */
export function uploadFilterExtensions(): string[] {
  return [...UPLOAD_EXTENSIONS, ...UPLOAD_EXTENSIONS.map((e) => e.toUpperCase())];
}
