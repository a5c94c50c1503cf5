import { C2paReadError, LIMITS } from './limits';

/**
 * One JUMBF box (ISO/IEC 19566-5). A superbox (`jumb`) has a description (`jumd`) giving its
 * content type and label, and child boxes; any other box carries its payload.
 */
export interface JumbfBox {
	/**
	 * Everything after the box's own 8- or 16-byte header (for a superbox: its description box and
	 * children): what a C2PA hashed URI to an assertion, or an ingredient's reference to a manifest,
	 * is the hash of. A view into the store, not a copy.
	 */
	body: Buffer;
	/** The four-character box type (`jumb`, `cbor`, `json`, `bfdb`, `bidb`, ...). */
	type: string;
	/** For a superbox: the first four bytes of its content-type UUID as text (C2PA's `c2pa`, `c2ma`, `c2cl`...). */
	contentType?: string;
	/** For a superbox: its label, when it has one. */
	label?: string;
	children: JumbfBox[];
	/** For a plain box: its payload (a view into the store, not a copy). */
	payload?: Buffer;
}

function fourCC(bytes: Buffer, at: number): string {
	return bytes.toString('latin1', at, at + 4);
}

/**
 * Parses the boxes in `bytes[start, end)`. Bounded by depth and by a box count shared across the
 * whole store; every declared length is checked against its parent before it is used.
 */
export function parseJumbf(bytes: Buffer): JumbfBox[] {
	let boxCount = 0;

	function parseRange(start: number, end: number, depth: number): JumbfBox[] {
		if (depth > LIMITS.maxJumbfDepth) throw new C2paReadError('The manifest store is nested too deeply');
		const boxes: JumbfBox[] = [];
		let at = start;
		while (at < end) {
			if (++boxCount > LIMITS.maxJumbfBoxes) throw new C2paReadError('The manifest store holds too many boxes');
			if (end - at < 8) throw new C2paReadError('The manifest store ends inside a box header');
			let size = bytes.readUInt32BE(at);
			const type = fourCC(bytes, at + 4);
			let header = 8;
			if (size === 1) {
				if (end - at < 16) throw new C2paReadError('The manifest store ends inside a box header');
				size = bytes.readUInt32BE(at + 8) * 0x100000000 + bytes.readUInt32BE(at + 12);
				header = 16;
			} else if (size === 0) {
				size = end - at;
			}
			if (size < header) throw new C2paReadError(`A manifest store box ("${type}") declares a size smaller than its header`);
			if (size > end - at) throw new C2paReadError(`A manifest store box ("${type}") declares a size past the end of its parent`);
			const bodyStart = at + header;
			const bodyEnd = at + size;
			if (type === 'jumb') {
				boxes.push(parseSuperbox(bodyStart, bodyEnd, depth));
			} else {
				const body = bytes.subarray(bodyStart, bodyEnd);
				boxes.push({ type, body, children: [], payload: body });
			}
			at = bodyEnd;
		}
		return boxes;
	}

	function parseSuperbox(start: number, end: number, depth: number): JumbfBox {
		const inner = parseRange(start, end, depth + 1);
		const description = inner[0];
		if (!description || description.type !== 'jumd' || !description.payload) {
			throw new C2paReadError('A manifest store superbox has no description box');
		}
		const payload = description.payload;
		if (payload.length < 17) throw new C2paReadError('A manifest store description box is too short');
		const contentType = payload.toString('latin1', 0, 4);
		const toggles = payload[16];
		let label: string | undefined;
		if (toggles & 0x02) {
			const nul = payload.indexOf(0, 17);
			if (nul < 0) throw new C2paReadError('A manifest store label is not terminated');
			label = payload.toString('utf8', 17, nul);
		}
		return { type: 'jumb', body: bytes.subarray(start, end), contentType, label, children: inner.slice(1) };
	}

	return parseRange(0, bytes.length, 0);
}

/** The first child superbox with this label (labels may carry a `__n` suffix; exact match here). */
export function childByLabel(box: JumbfBox, label: string): JumbfBox | undefined {
	return box.children.find((child) => child.type === 'jumb' && child.label === label);
}

/** The first child superbox of this content type. */
export function childByContentType(box: JumbfBox, contentType: string): JumbfBox | undefined {
	return box.children.find((child) => child.type === 'jumb' && child.contentType === contentType);
}

/** The payload of the first plain child box of this type (`cbor`, `json`). */
export function payloadOf(box: JumbfBox, type: string): Buffer | undefined {
	return box.children.find((child) => child.type === type)?.payload;
}
