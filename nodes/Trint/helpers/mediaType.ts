/**
 * Is a file audio or video? Trint transcribes only those, and a subtitle, a text page or a
 * document sent by mistake may be billed or fail later, so Upload asks before sending.
 *
 * The bytes decide where they can: the signatures ("magic numbers") of the common audio and
 * video containers, and of what is plainly something else (text, PDF, ZIP/Office, images).
 * Bytes that match nothing known leave it to the MIME type, then the file name's extension.
 * When nothing tells, the file is let through: Trint then decides.
 */
import { bareMimeType } from '../../shared/binary';

/** Bytes enough for every signature below (an MPEG transport stream's third sync byte is at 376). */
export const MEDIA_HEAD_BYTES = 512;

export interface MediaVerdict {
	/** true: audio or video; false: something else; undefined: cannot tell. */
	media: boolean | undefined;
	/** What the file was taken for, in words ("plain text", "SubRip subtitles", "MP3 audio"). */
	what: string;
	/** What told: its first bytes, its MIME type or its file name. */
	by: 'bytes' | 'type' | 'name' | 'nothing';
}

const ascii = (head: Buffer, offset: number, text: string) => head.length >= offset + text.length && head.toString('latin1', offset, offset + text.length) === text;

/** An MPEG audio frame header (MP3, MP2): sync bits and no reserved version, layer, rate or frequency. */
function mpegAudioFrame(head: Buffer): boolean {
	if (head.length < 4 || head[0] !== 0xff || (head[1] & 0xe0) !== 0xe0) return false;
	const version = (head[1] >> 3) & 3;
	const layer = (head[1] >> 1) & 3;
	const bitrate = head[2] >> 4;
	const frequency = (head[2] >> 2) & 3;
	return version !== 1 && layer !== 0 && bitrate !== 15 && frequency !== 3;
}

const QUICKTIME_ATOMS = ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip', 'pnot'];

/** The audio or video container the bytes start with, if any. */
function mediaByBytes(head: Buffer): string | undefined {
	if (ascii(head, 0, 'ID3') && head[3] < 0x0a) return 'MP3 audio';
	if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'WAV audio';
	if (ascii(head, 0, 'RF64') || ascii(head, 0, 'BW64')) return 'WAV audio';
	if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return 'AVI video';
	if (ascii(head, 0, 'fLaC')) return 'FLAC audio';
	if (ascii(head, 0, 'OggS')) return 'Ogg audio or video';
	if (ascii(head, 0, 'FORM') && (ascii(head, 8, 'AIFF') || ascii(head, 8, 'AIFC'))) return 'AIFF audio';
	if (QUICKTIME_ATOMS.some((atom) => ascii(head, 4, atom))) return 'MP4 or QuickTime audio or video';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'Matroska or WebM video';
	if (head.length >= 8 && head.readUInt32BE(0) === 0x3026b275 && head.readUInt32BE(4) === 0x8e66cf11) return 'Windows Media audio or video';
	if (ascii(head, 0, 'FLV') && head[3] === 0x01) return 'Flash video';
	if (head.length >= 4 && (head.readUInt32BE(0) === 0x000001ba || head.readUInt32BE(0) === 0x000001b3)) return 'MPEG video';
	if (head.length > 376 && head[0] === 0x47 && head[188] === 0x47 && head[376] === 0x47) return 'MPEG transport stream';
	if (ascii(head, 0, '#!AMR')) return 'AMR audio';
	if (ascii(head, 0, 'caff') && head[4] === 0x00) return 'Core Audio audio';
	if (ascii(head, 0, '.snd') && head[4] === 0x00) return 'AU audio';
	if ((head[0] === 0x02 && ascii(head, 1, 'dss')) || (head[0] === 0x03 && ascii(head, 1, 'ds2'))) return 'DSS dictation audio';
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xf6) === 0xf0) return 'AAC audio';
	if (mpegAudioFrame(head)) return 'MP3 audio';
	return undefined;
}

/** What the bytes plainly are when they are not audio or video. */
function otherByBytes(head: Buffer): string | undefined {
	if (ascii(head, 0, '%PDF')) return 'a PDF document';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'a ZIP archive (or a Word, Excel or PowerPoint file)';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x89504e47) return 'a PNG image';
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'a JPEG image';
	if (ascii(head, 0, 'GIF8')) return 'a GIF image';
	if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'a WebP image';
	return textKind(head);
}

/** Text (subtitles, a web page, JSON, plain text): a byte-order mark, or no control bytes at all. */
function textKind(head: Buffer): string | undefined {
	if (!head.length) return undefined;
	const bom = (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) || (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
	if (!bom) {
		for (const byte of head) {
			if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) return undefined;
		}
	}
	const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
	if (/^WEBVTT/.test(text)) return 'WebVTT subtitles (text)';
	if (/^\d+\r?\n\d\d:\d\d:\d\d[,.]\d\d\d --> /.test(text)) return 'SubRip subtitles (text)';
	if (/^<(!doctype html|html)/i.test(text)) return 'a web page (HTML)';
	if (text.startsWith('<')) return 'markup text (XML or HTML)';
	if (/^[[{]/.test(text)) return 'JSON text';
	return 'plain text';
}

const MEDIA_MIME_TYPES = new Set(['application/ogg', 'application/mp4', 'application/x-matroska', 'application/vnd.rn-realmedia', 'application/mxf']);
const GENERIC_MIME_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-download', 'application/force-download', 'application/unknown']);

const MEDIA_EXTENSIONS = new Set(
	('mp3 mp2 wav m4a m4b aac ogg oga opus flac wma aif aiff aifc amr caf au dss ds2 weba ' +
		'mp4 m4v mov qt avi wmv asf flv mkv mka webm mpeg mpg mpe 3gp 3g2 ts mts m2ts mxf vob ogv').split(' '),
);
const OTHER_EXTENSIONS: Record<string, string> = {
	srt: 'SubRip subtitles',
	vtt: 'WebVTT subtitles',
	txt: 'plain text',
	csv: 'a CSV table',
	json: 'JSON text',
	xml: 'XML',
	html: 'a web page (HTML)',
	htm: 'a web page (HTML)',
	pdf: 'a PDF document',
	doc: 'a Word document',
	docx: 'a Word document',
	zip: 'a ZIP archive',
	jpg: 'a JPEG image',
	jpeg: 'a JPEG image',
	png: 'a PNG image',
	gif: 'a GIF image',
};

function extensionOf(fileName: string | undefined): string | undefined {
	return /\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
}

/**
 * Whether a file is audio or video, from its first bytes (`head`, when they can be read), its
 * MIME type, and its file names (the first one with an extension counts).
 */
export function detectMedia(head: Buffer | undefined, mimeType: string | undefined, fileNames: string[]): MediaVerdict {
	if (head?.length) {
		const media = mediaByBytes(head);
		if (media) return { media: true, what: media, by: 'bytes' };
		const other = otherByBytes(head);
		if (other) return { media: false, what: other, by: 'bytes' };
	}
	const type = bareMimeType(mimeType) ?? '';
	if (type.startsWith('audio/') || type.startsWith('video/') || MEDIA_MIME_TYPES.has(type)) return { media: true, what: type, by: 'type' };
	if (!GENERIC_MIME_TYPES.has(type)) return { media: false, what: `a file of type ${type}`, by: 'type' };
	for (const name of fileNames) {
		const extension = extensionOf(name);
		if (!extension) continue;
		if (MEDIA_EXTENSIONS.has(extension)) return { media: true, what: `.${extension}`, by: 'name' };
		if (OTHER_EXTENSIONS[extension]) return { media: false, what: `${OTHER_EXTENSIONS[extension]} (.${extension})`, by: 'name' };
		break;
	}
	return { media: undefined, what: 'a file of unknown type', by: 'nothing' };
}

/** How the verdict was reached, for an error message. */
export function detectedFrom(verdict: MediaVerdict): string {
	if (verdict.by === 'bytes') return 'its first bytes';
	if (verdict.by === 'type') return 'its MIME type';
	return 'its file name';
}
