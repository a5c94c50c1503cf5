import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BinaryInput } from '../../shared/binary';
import { SUPPORTED_MEDIA } from '../transport/contract';

/** Bytes read from the start of a file to tell its type (an MP4's ftyp box lists its brands there). */
export const MEDIA_HEAD_BYTES = 256;

/** What a file's first bytes say it is. */
export interface DetectedMedia {
	/** How a sentence names it: "a JPEG image", "plain text", "unrecognised data". */
	phrase: string;
	/** Whether it is one of the formats Protect and Inspect accept (contract.ts, SUPPORTED_MEDIA). */
	supported: boolean;
}

const media = (phrase: string, supported = false): DetectedMedia => ({ phrase, supported });

/** ISO BMFF brands (ftyp) of the supported formats, and of QuickTime, which is not one. */
const BMFF_BRANDS: Record<string, DetectedMedia> = {
	avif: media('an AVIF image', true),
	avis: media('an AVIF image sequence', true),
	heic: media('a HEIC image', true),
	heix: media('a HEIC image', true),
	heim: media('a HEIC image', true),
	heis: media('a HEIC image', true),
	hevc: media('a HEIC image sequence', true),
	hevx: media('a HEIC image sequence', true),
	mif1: media('a HEIF image', true),
	msf1: media('a HEIF image sequence', true),
	'M4A ': media('an MP4 audio file (M4A)', true),
	'M4V ': media('an MP4 video', true),
	isom: media('an MP4 video', true),
	iso2: media('an MP4 video', true),
	mp41: media('an MP4 video', true),
	mp42: media('an MP4 video', true),
	avc1: media('an MP4 video', true),
	'qt  ': media('a QuickTime movie (MOV)'),
};

function isoMedia(head: Buffer): DetectedMedia {
	const boxSize = Math.min(head.readUInt32BE(0), head.length);
	const brands = [head.toString('latin1', 8, 12)];
	for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(head.toString('latin1', at, at + 4));
	const major = BMFF_BRANDS[brands[0]];
	// The major brand decides; a HEIF whose compatible brands say AVIF or HEIC is named for them.
	if (brands[0] === 'mif1') {
		const refined = brands.slice(1).find((brand) => ['avif', 'avis', 'heic', 'heix'].includes(brand));
		return refined ? BMFF_BRANDS[refined] : major;
	}
	if (major) return major;
	const compatible = brands.slice(1).map((brand) => BMFF_BRANDS[brand]).find((known) => known?.supported);
	// A brand this list does not know is let through: TrustNXT decides, at worst with a 415.
	return compatible ?? media(`an ISO media file (brand "${brands[0].trim()}")`, true);
}

function textMedia(head: Buffer): DetectedMedia | undefined {
	// Text: no control characters but tab, line feeds and form feed (a cut-off UTF-8 sequence at the end is fine).
	for (const byte of head) {
		if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return undefined;
		if (byte === 0x7f) return undefined;
	}
	const start = head.toString('utf8').replace(/^\uFEFF/, '').trimStart().slice(0, 64).toLowerCase();
	if (start.startsWith('<!doctype html') || start.startsWith('<html')) return media('an HTML page');
	if (start.startsWith('<svg') || (start.startsWith('<?xml') && head.includes('<svg'))) return media('an SVG image');
	if (start.startsWith('<?xml') || start.startsWith('<')) return media('XML');
	if (start.startsWith('{') || start.startsWith('[')) return media('JSON');
	if (start.startsWith('%!ps')) return media('a PostScript file');
	return media('plain text');
}

/** What a file's first bytes say it is, by the magic numbers of common formats. */
export function detectMedia(head: Buffer): DetectedMedia {
	const hex = head.toString('hex', 0, 12);
	const ascii = head.toString('latin1', 0, 12);
	if (hex.startsWith('ffd8ff')) return media('a JPEG image', true);
	if (hex.startsWith('89504e470d0a1a0a')) return media('a PNG image', true);
	if (head.length >= 12 && ascii.slice(4, 8) === 'ftyp') return isoMedia(head);
	if (ascii.startsWith('ID3')) return media('an MP3 audio file', true);
	// MPEG audio layer III frame sync.
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) === 0x02) return media('an MP3 audio file', true);
	if (ascii.startsWith('RIFF') && head.length >= 12) {
		const form = ascii.slice(8, 12);
		if (form === 'WEBP') return media('a WebP image');
		if (form === 'WAVE') return media('a WAV audio file');
		if (form === 'AVI ') return media('an AVI video');
		return media(`a RIFF file ("${form.trim()}")`);
	}
	if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return media('a GIF image');
	if (hex.startsWith('49492a00') || hex.startsWith('4d4d002a')) return media('a TIFF image (or a camera raw file)');
	if (ascii.startsWith('BM') && head.length >= 14 && head.readUInt32LE(6) === 0) return media('a BMP image');
	if (hex.startsWith('0000000c6a584c20') || hex.startsWith('ff0a')) return media('a JPEG XL image');
	if (ascii.startsWith('%PDF-')) return media('a PDF document');
	if (hex.startsWith('504b0304')) return media('a ZIP archive (or an Office document)');
	if (hex.startsWith('1f8b')) return media('a gzip archive');
	if (ascii.startsWith('fLaC')) return media('a FLAC audio file');
	if (ascii.startsWith('OggS')) return media('an Ogg audio or video file');
	if (hex.startsWith('1a45dfa3')) return media('a Matroska or WebM video');
	if (ascii.startsWith('FORM') && head.length >= 12 && /^AIF[FC]$/.test(ascii.slice(8, 12))) return media('an AIFF audio file');
	if (head.length >= 8 && ['moov', 'mdat', 'wide', 'free', 'skip'].includes(ascii.slice(4, 8))) return media('an ISO media file without a file type box', true);
	return textMedia(head) ?? media('unrecognised data');
}

/** The operations that send a file. */
type MediaOperation = 'protect' | 'inspect';

/**
 * Refuses, before any request, a file whose first bytes are not of a format TrustNXT accepts,
 * saying what the bytes look like: a file's name and MIME type are labels given by whoever made
 * it, and a service that refuses it would only answer 415 after the upload. Returns what was
 * detected, for the messages of later failures.
 */
export function checkMediaType(ctx: IExecuteFunctions, operation: MediaOperation, input: BinaryInput, head: Buffer, itemIndex: number): DetectedMedia {
	const detected = detectMedia(head);
	if (detected.supported) return detected;
	const label = operation === 'protect' ? 'Protect' : 'Inspect';
	const extension = /\.([A-Za-z0-9]{1,8})$/.exec(input.fileName)?.[1];
	const labels = [extension ? `its name ends in ".${extension}"` : '', input.mimeType && input.mimeType !== 'application/octet-stream' ? `its MIME type says ${input.mimeType}` : ''].filter(Boolean);
	throw new NodeOperationError(ctx.getNode(), `${label}: the file "${input.fileName}" is not ${SUPPORTED_MEDIA.replace(' and ', ' or ')}; its bytes look like ${detected.phrase}`, {
		itemIndex,
		description: [
			labels.length ? `${labels.join(' and ').replace(/^./, (first) => first.toUpperCase())}, but a file is what its bytes are.` : '',
			`TrustNXT can ${operation} ${SUPPORTED_MEDIA} files only, so nothing was sent to TrustNXT and nothing was billed.`,
			`Check that "Input Binary Field" names the file you mean, or convert the file to one of those formats before ${operation === 'protect' ? 'protecting' : 'inspecting'} it.`,
		]
			.filter(Boolean)
			.join(' '),
	});
}
