import { C2paReadError, LIMITS } from '../limits';

/**
 * A JUMBF box with the bytes the C2PA hashes refer to: for a superbox, `body` is everything after
 * its own 8- or 16-byte header (the description box and the children), which is what a hashed
 * URI to an assertion, or an ingredient's reference to a manifest, is the hash of.
 */
export interface JumbfNode {
	type: string;
	contentType?: string;
	label?: string;
	body: Buffer;
	children: JumbfNode[];
}

/** Parses a manifest store, keeping each box's bytes (views into `bytes`, not copies). */
export function parseJumbfTree(bytes: Buffer): JumbfNode[] {
	let boxCount = 0;
	function parseRange(start: number, end: number, depth: number): JumbfNode[] {
		if (depth > LIMITS.maxJumbfDepth) throw new C2paReadError('The manifest store is nested too deeply');
		const boxes: JumbfNode[] = [];
		let at = start;
		while (at < end) {
			if (++boxCount > LIMITS.maxJumbfBoxes) throw new C2paReadError('The manifest store holds too many boxes');
			if (end - at < 8) throw new C2paReadError('The manifest store ends inside a box header');
			let size = bytes.readUInt32BE(at);
			const type = bytes.toString('latin1', at + 4, at + 8);
			let header = 8;
			if (size === 1) {
				if (end - at < 16) throw new C2paReadError('The manifest store ends inside a box header');
				size = bytes.readUInt32BE(at + 8) * 0x100000000 + bytes.readUInt32BE(at + 12);
				header = 16;
			} else if (size === 0) {
				size = end - at;
			}
			if (size < header || size > end - at) throw new C2paReadError(`A manifest store box ("${type}") declares an impossible size`);
			const body = bytes.subarray(at + header, at + size);
			if (type === 'jumb') {
				const inner = parseRange(at + header, at + size, depth + 1);
				const description = inner[0];
				if (!description || description.type !== 'jumd' || description.body.length < 17) {
					throw new C2paReadError('A manifest store superbox has no description box');
				}
				const payload = description.body;
				let label: string | undefined;
				if (payload[16] & 0x02) {
					const nul = payload.indexOf(0, 17);
					if (nul < 0) throw new C2paReadError('A manifest store label is not terminated');
					label = payload.toString('utf8', 17, nul);
				}
				boxes.push({ type, contentType: payload.toString('latin1', 0, 4), label, body, children: inner.slice(1) });
			} else {
				boxes.push({ type, body, children: [] });
			}
			at += size;
		}
		return boxes;
	}
	return parseRange(0, bytes.length, 0);
}

export function childOfType(box: JumbfNode, contentType: string): JumbfNode | undefined {
	return box.children.find((child) => child.type === 'jumb' && child.contentType === contentType);
}

export function contentBox(box: JumbfNode, type: string): Buffer | undefined {
	return box.children.find((child) => child.type === type)?.body;
}
