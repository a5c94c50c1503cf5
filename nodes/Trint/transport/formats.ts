/**
 * Trint's export formats: the path segment, the file extension and the MIME type to fall back on
 * when the download does not name one. Transcript formats come from the documented reference;
 * several answer shapes and the Story formats are [modeled] (docs/trint-wire.md, "Exports").
 */
export interface ExportFormat {
	value: string;
	name: string;
	/** Path below /export/ (without the ID). */
	path: string;
	extension: string;
	mimeType: string;
	/** Caption options (characters per line, speakers, ...) apply. */
	captions: boolean;
	kind: 'transcript' | 'story';
}

export const EXPORT_FORMATS: ExportFormat[] = [
	{ value: 'json', name: 'JSON (Transcript Data)', path: 'json', extension: 'json', mimeType: 'application/json', captions: false, kind: 'transcript' },
	{ value: 'text', name: 'Plain Text', path: 'text', extension: 'txt', mimeType: 'text/plain', captions: false, kind: 'transcript' },
	{ value: 'html', name: 'HTML', path: 'html', extension: 'html', mimeType: 'text/html', captions: false, kind: 'transcript' },
	{ value: 'docx', name: 'Microsoft Word (DOCX)', path: 'docx', extension: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', captions: false, kind: 'transcript' },
	{ value: 'srt', name: 'SubRip Subtitles (SRT)', path: 'srt', extension: 'srt', mimeType: 'application/x-subrip', captions: true, kind: 'transcript' },
	{ value: 'webvtt', name: 'WebVTT Subtitles (VTT)', path: 'webvtt', extension: 'vtt', mimeType: 'text/vtt', captions: true, kind: 'transcript' },
	{ value: 'xml', name: 'XML (Flattened)', path: 'xml', extension: 'xml', mimeType: 'application/xml', captions: false, kind: 'transcript' },
	{ value: 'edl', name: 'Edit Decision List of Highlights (EDL)', path: 'edl', extension: 'edl', mimeType: 'application/octet-stream', captions: false, kind: 'transcript' },
	{ value: 'avid-ds', name: 'Avid DS Subtitles', path: 'avid-ds', extension: 'txt', mimeType: 'text/plain', captions: true, kind: 'transcript' },
	{ value: 'spruce-stl', name: 'Spruce STL Subtitles', path: 'spruce-stl', extension: 'stl', mimeType: 'application/octet-stream', captions: true, kind: 'transcript' },
	{ value: 'vantage-xml', name: 'Telestream Vantage XML Captions', path: 'vantage-xml', extension: 'xml', mimeType: 'application/xml', captions: true, kind: 'transcript' },
	{ value: 'premiere-xml', name: 'Premiere Pro / Audition / FCP7 XML (Markers)', path: 'premiere-xml', extension: 'xml', mimeType: 'application/xml', captions: false, kind: 'transcript' },
	{ value: 'csv-full', name: 'CSV: Full Transcript', path: 'csv/full', extension: 'csv', mimeType: 'text/csv', captions: false, kind: 'transcript' },
	{ value: 'csv-comments', name: 'CSV: Comments', path: 'csv/comments', extension: 'csv', mimeType: 'text/csv', captions: false, kind: 'transcript' },
	{ value: 'csv-highlights', name: 'CSV: Highlights', path: 'csv/highlights', extension: 'csv', mimeType: 'text/csv', captions: false, kind: 'transcript' },
	{ value: 'csv-markers', name: 'CSV: Markers', path: 'csv/markers', extension: 'csv', mimeType: 'text/csv', captions: false, kind: 'transcript' },
	{ value: 'story-docx', name: 'Story: Microsoft Word (DOCX)', path: 'story-builder/docx', extension: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', captions: false, kind: 'story' },
	{ value: 'story-edl', name: 'Story: Edit Decision List (EDL)', path: 'story-builder/edl', extension: 'edl', mimeType: 'application/octet-stream', captions: false, kind: 'story' },
	{ value: 'story-project-xml', name: 'Story: Premiere Project XML', path: 'story-builder/project_xml', extension: 'xml', mimeType: 'application/xml', captions: false, kind: 'story' },
];

export function findExportFormat(value: string): ExportFormat | undefined {
	return EXPORT_FORMATS.find((format) => format.value === value);
}

/** Caption options as Trint's query names [observed]; only the ones the user set are sent. */
export const CAPTION_QUERY_NAMES: Record<string, string> = {
	maxCharactersPerLine: 'max-subtitle-character-length',
	captionsByParagraph: 'captions-by-paragraph',
	enableSpeakers: 'enable-speakers',
	speakerOnNewLine: 'speaker-on-new-line',
	speakerUppercase: 'speaker-uppercase',
	highlightsOnly: 'highlights-only',
	skipStrikethroughs: 'skip-strikethroughs',
};
