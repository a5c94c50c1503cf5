/**
 * The remote manifest reference of an XMP packet: the value of `dcterms:provenance`, written
 * either as an attribute or as an element. The packet has already been located by following the
 * container's structure; inside it, XMP is XML text.
 */
export function provenanceFromXmp(xmp: Buffer): string | undefined {
	const text = xmp.toString('utf8');
	const match =
		/dcterms:provenance\s*=\s*"([^"]*)"/.exec(text) ??
		/dcterms:provenance\s*=\s*'([^']*)'/.exec(text) ??
		/<dcterms:provenance(?:\s[^>]*)?>([^<]*)<\/dcterms:provenance>/.exec(text);
	if (!match) return undefined;
	const url = match[1]
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.trim();
	return url || undefined;
}
