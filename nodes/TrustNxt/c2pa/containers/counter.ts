import { C2paReadError, LIMITS } from '../limits';

/** Counts container entries walked, so no chain of tiny entries can go on without end. */
export function entryCounter(what: string): () => void {
	let count = 0;
	return () => {
		if (++count > LIMITS.maxContainerEntries) throw new C2paReadError(`The file has more ${what} than the reader walks`);
	};
}

/** Checks a declared body length before anything of that size is read into memory. */
export function checkStoreSize(length: number): void {
	if (length > LIMITS.maxStoreBytes) throw new C2paReadError('The manifest store is larger than the reader accepts');
}
