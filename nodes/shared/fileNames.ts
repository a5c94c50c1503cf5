/**
 * File names the pack gives to files it creates. n8n (and whatever writes the file later) reads
 * a file name as a path, so a "/" in a title would cut everything before it off; a name from a
 * user's title is therefore made safe here, keeping as much of the title as it can.
 */

/** Longest file name produced, extension included: below the 255 bytes most file systems allow. */
export const MAX_FILE_NAME_LENGTH = 200;

/**
 * Extensions of the media Trint accepts for upload. A transcript's title is usually the name of
 * the uploaded file; its media extension is dropped before an export's own is added.
 */
export const MEDIA_EXTENSIONS = [
	'mp3', 'wav', 'm4a', 'aac', 'ogg', 'flac', 'wma', 'aiff', 'opus',
	'mp4', 'mov', 'avi', 'wmv', 'flv', 'mkv', 'webm', 'mpeg', 'mpg', '3gp', 'm4v',
];

const MEDIA_EXTENSION = new RegExp(`\\.(${MEDIA_EXTENSIONS.join('|')})$`, 'i');

/** Path separators become this character, so "a/b" stays readable as "a-b". */
const SEPARATOR_REPLACEMENT = '-';

/** Whether a character is a control character (C0, DEL or C1): never part of a file name. */
function isControlCharacter(character: string): boolean {
	const code = character.charCodeAt(0);
	return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function withoutControlCharacters(text: string): string {
	let result = '';
	for (const character of text) if (!isControlCharacter(character)) result += character;
	return result;
}

/** Cuts a string to at most `length` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, length: number): string {
	if (text.length <= length) return text;
	let end = length;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--;
	return text.slice(0, end);
}

/**
 * The base of a file name made safe: path separators replaced by "-", runs of white space (line
 * breaks and tabs included) made one space, other control characters removed, leading dots and spaces and trailing dots and spaces
 * removed (a leading dot hides a file; a name of dots only is a directory step). Empty when
 * nothing usable is left.
 */
export function safeFileNameBase(text: string): string {
	return withoutControlCharacters(text.replace(/[/\\]/g, SEPARATOR_REPLACEMENT).replace(/\s+/g, ' '))
		.replace(/^[\s.]+/, '')
		.replace(/[\s.]+$/, '');
}

/**
 * The file name for an export of a transcript titled `title`: the whole title made safe, without
 * a trailing media extension (`interview.wav` → `interview`), then `.extension`. Longer names
 * are cut at the end of the title so that the extension stays. `fallback` (the transcript's ID)
 * is used when the title leaves nothing.
 */
export function exportFileName(title: string | undefined, extension: string, fallback: string): string {
	const suffix = `.${extension}`;
	const withoutMedia = String(title ?? '').trim().replace(MEDIA_EXTENSION, '');
	let base = safeFileNameBase(withoutMedia);
	if (!base) base = safeFileNameBase(fallback) || 'export';
	base = safeFileNameBase(cut(base, MAX_FILE_NAME_LENGTH - suffix.length)) || 'export';
	return `${base}${suffix}`;
}

/**
 * The name of a derived copy kept beside its original: `photo.jpg` → `photo.protected.jpg`.
 * A name without an extension gets the marker at its end.
 */
export function derivedFileName(fileName: string, marker: string): string {
	const dot = fileName.lastIndexOf('.');
	if (dot <= 0) return `${fileName}.${marker}`;
	return `${fileName.slice(0, dot)}.${marker}${fileName.slice(dot)}`;
}
