/**
 * The remote manifest reference of an XMP packet: the value of `dcterms:provenance`, written
 * either as an attribute or as an element, when it is an http(s) URL. The packet has already
 * been located by following the container's structure; inside it, XMP is XML text.
 *
 * Only an http(s) URL names a manifest elsewhere: c2pa-rs fetches a reference only when it parses
 * as a URL with the scheme http or https, and otherwise reports no manifest. Other values, such as
 * `self#jumbf=/c2pa/...` (a pointer into the file's own manifest store, which c2pa-rs writes beside
 * an embedded store), are no remote reference and are left out.
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
	return isRemoteManifestUrl(url) ? url : undefined;
}

/** Whether a reference is a URL a reader would fetch a manifest from: absolute, http(s), with a host. */
function isRemoteManifestUrl(reference: string): boolean {
	if (!/^https?:\/\//i.test(reference)) return false;
	try {
		return new URL(reference).hostname !== '';
	} catch {
		return false;
	}
}
