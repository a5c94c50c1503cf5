'use strict';
// What a list read with pages in flight may have asked (Parallel Requests): every page the
// one-by-one loop asks (`needed`), each once, plus at most `parallel − 1` pages beyond the last
// of them.

function expectReadAhead(asked, needed, parallel = 4) {
	const numbers = asked.map(Number);
	const neededNumbers = needed.map(Number);
	expect(new Set(numbers).size).toBe(numbers.length);
	expect(numbers).toEqual(expect.arrayContaining(neededNumbers));
	const beyond = numbers.filter((skip) => !neededNumbers.includes(skip));
	expect(beyond.length).toBeLessThanOrEqual(parallel - 1);
	for (const skip of beyond) expect(skip).toBeGreaterThan(Math.max(...neededNumbers));
}

module.exports = { expectReadAhead };
