import type { IDataObject } from 'n8n-workflow';

interface TrintWord {
	value?: string;
	time?: number;
	duration?: number;
	paragraphId?: string;
	speaker?: string | null;
	strikethrough?: boolean;
}

/**
 * The transcript as most next nodes want it: the plain text, and paragraphs with their speaker
 * and start/end times (seconds). Struck-through words are left out, as in Trint's own exports.
 */
export function simplifyTranscript(trintId: string, data: IDataObject): IDataObject {
	const words = (Array.isArray(data.words) ? data.words : []) as TrintWord[];
	const speakers = (data.speakers && typeof data.speakers === 'object' ? data.speakers : {}) as Record<string, IDataObject>;
	const paragraphs: IDataObject[] = [];
	let current: { id: string; speakerKey: string | null; words: string[]; start: number; end: number } | undefined;
	const flush = () => {
		if (!current || !current.words.length) return;
		const speaker = current.speakerKey ? String(speakers[current.speakerKey]?.name ?? current.speakerKey) : null;
		paragraphs.push({
			id: current.id,
			speaker,
			startTime: current.start / 1000,
			endTime: current.end / 1000,
			text: current.words.join(' '),
		});
	};
	for (const word of words) {
		if (word.strikethrough) continue;
		const paragraphId = String(word.paragraphId ?? '');
		if (!current || current.id !== paragraphId) {
			flush();
			current = { id: paragraphId, speakerKey: word.speaker ?? null, words: [], start: Number(word.time ?? 0), end: Number(word.time ?? 0) };
		}
		if (word.value) current.words.push(word.value);
		current.end = Math.max(current.end, Number(word.time ?? 0) + Number(word.duration ?? 0));
	}
	flush();
	return {
		trintId,
		title: data.title ?? null,
		text: paragraphs.map((paragraph) => paragraph.text).join('\n\n'),
		paragraphs,
	};
}
