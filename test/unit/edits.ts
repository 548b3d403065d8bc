// Random edits of a file, as typing makes them (tests of what is remembered between analyses of one file).

/** A seeded random number generator in [0, 1). */
export function seeded(seed: number): () => number {
  return () => { seed = (Math.imul(seed ^ (seed >>> 15), 2246822507) + 0x6d2b79f5) | 0; return ((seed >>> 0) % 1_000_003) / 1_000_003; };
}

/** The text and `count` successive versions of it, each one random edit further. */
export function editVersions(text: string, rand: () => number, count = 6): string[] {
  const texts = [text];
  for (let k = 0; k < count; k++) {
    const at = Math.floor(rand() * text.length);
    const kind = rand();
    if (kind < 0.5) {
      // Change a number: the edit that most often changes a model's figures.
      const digit = text.slice(at).search(/[0-9]/);
      if (digit >= 0) { const p = at + digit; text = text.slice(0, p) + String((Number(text[p]) + 1 + Math.floor(rand() * 8)) % 10) + text.slice(p + 1); }
    } else if (kind < 0.7) text = `${text.slice(0, at)}\n${text.slice(at)}`;
    else if (kind < 0.85) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
    else text = text.slice(0, at) + ' x'[Math.floor(rand() * 2)] + text.slice(at);
    texts.push(text);
  }
  return texts;
}
