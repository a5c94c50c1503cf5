import type { ByteSource } from '../source';

/** What a container walk found: the manifest store's bytes and/or a remote manifest reference. */
export interface ContainerFinding {
	/** The embedded manifest store: a JUMBF superbox, header included. */
	store?: Buffer;
	/** The remote manifest URL from the file's XMP (`dcterms:provenance`), only ever an http(s) URL. */
	remoteUrl?: string;
}

export type ContainerWalker = (source: ByteSource) => Promise<ContainerFinding>;
