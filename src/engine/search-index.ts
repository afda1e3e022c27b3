/**
 * A compact BM25 index over analysed terms: the engine's passage and deal search.
 *
 * It ranks exactly as MiniSearch 7 does with the options the engine uses (BM25+ with k 1.2,
 * b 0.7, d 0.5; a score multiplied by the number of query terms matched; fuzzy terms weighted
 * 0.45 · length / (length + distance); ties in the order documents were first matched), and a
 * test holds it to that. It exists because MiniSearch keeps every posting as an entry of nested
 * `Map`s: at 20,000 articles (290,000 passages) that is about 1.8 GB of heap and 16 s to load
 * back. Here the postings of a term and field are one run of varint bytes in a single
 * `Uint8Array`, so the index is a few typed arrays that load with no parsing at all: about
 * 2.3 bytes a posting (86 MB at 100,000 articles). A posting carries the document's field
 * length as well as its term frequency: BM25 needs both, and reading the length from a
 * per-document array cost a cache miss a posting (at 1.5 million passages that array is far
 * larger than the cache).
 */

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/** MiniSearch's default weight of a fuzzy match, relative to an exact one. */
const FUZZY_WEIGHT = 0.45;

/** One field of one document: its terms (repeats count), and its length as MiniSearch counts it. */
export interface FieldInput {
  /** Distinct tokens before term processing: what BM25 normalises by. */
  length: number;
  terms: readonly string[];
}

/** The raw parts of an index, to save and load without touching every posting. */
export interface IndexParts {
  fieldCount: number;
  documentCount: number;
  /** Sorted, so fuzzy look-ups can walk them as a trie. */
  terms: string[];
  avgFieldLength: Float64Array;
  /** Per field: the longest length, to size the table of BM25 length norms. */
  longestField: Uint32Array;
  /** Per field: 1 when its postings are runs (gap, count − 1, frequency, length). */
  runs: Uint8Array;
  /** Per term × field: where its postings start in `postings` (one extra entry at the end). */
  postingStart: Uint32Array;
  /** Per term × field: in how many documents the term occurs in that field. */
  postingCount: Uint32Array;
  /**
   * Varints: gap from the previous document id, term frequency, field length; in a field
   * stored as runs, the number of further documents alike follows the gap.
   */
  postings: Uint8Array;
}

/** A query term; `fuzzy` is the largest edit distance to match other terms at (0: exact only). */
export interface QueryTerm {
  term: string;
  fuzzy?: number;
}

export interface IndexSearchOptions {
  /** Per field; a missing or 0 boost counts as 1, as in MiniSearch. */
  boost?: readonly number[];
  combineWith?: "OR" | "AND";
  /** Only the best `limit` hits are returned (all when unset); the order is the same either way. */
  limit?: number;
  /** Documents to leave out; it changes no score. */
  filter?: (doc: number) => boolean;
}

export interface IndexHit {
  id: number;
  score: number;
  /** The index terms that matched, fuzzy forms included. */
  terms: string[];
  /** The query terms that matched. */
  queryTerms: string[];
}

/**
 * The postings of one term in one field. In a field marked `runs`, consecutive documents with
 * the same frequency and length are stored once, with a count: an article's title is the
 * title field of each of its 15 or so passages, and a section heading that of every passage
 * under it.
 */
class ByteWriter {
  bytes = new Uint8Array(8);
  length = 0;
  /** The last document written out. */
  last = 0;
  /** Documents, not entries: BM25's document frequency. */
  count = 0;
  private run: { doc: number; extra: number; tf: number; length: number } | undefined;

  constructor(private readonly runs: boolean) {}

  push(doc: number, tf: number, fieldLength: number) {
    this.count++;
    const run = this.run;
    if (run && doc === run.doc + run.extra + 1 && tf === run.tf && fieldLength === run.length) {
      run.extra++;
      return;
    }
    this.flush();
    if (this.runs) this.run = { doc, extra: 0, tf, length: fieldLength };
    else this.write(doc, 0, tf, fieldLength);
  }

  /** Writes out the run in progress; call before reading `bytes`. */
  flush() {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    this.write(run.doc, run.extra, run.tf, run.length);
  }

  private write(doc: number, extra: number, tf: number, fieldLength: number) {
    if (this.bytes.length - this.length < 20) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.length = writeVarint(this.bytes, this.length, doc - this.last);
    if (this.runs) this.length = writeVarint(this.bytes, this.length, extra);
    this.length = writeVarint(this.bytes, this.length, tf);
    this.length = writeVarint(this.bytes, this.length, fieldLength);
    this.last = doc + extra;
  }
}

function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/** Collects documents in id order (0, 1, 2, …) and packs them into a `TermIndex`. */
export class IndexBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly termList: string[] = [];
  /** Per term: one writer per field, created when the term first occurs in that field. */
  private readonly writers: Array<Array<ByteWriter | undefined>> = [];
  private readonly longest: Uint32Array;
  private readonly avg: Float64Array;
  private count = 0;
  private stamps = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  private stampNow = 0;

  /** Room in the per-term arrays for term `id`. */
  private grow(id: number) {
    if (id < this.stamps.length) return;
    const stamps = new Uint32Array(this.stamps.length * 2);
    stamps.set(this.stamps);
    this.stamps = stamps;
    const counts = new Uint32Array(this.counts.length * 2);
    counts.set(this.counts);
    this.counts = counts;
  }

  /**
   * `runs` marks the fields whose content repeats over consecutive documents (see
   * ByteWriter); it changes the encoding only, never a score.
   */
  constructor(
    private readonly fieldCount: number,
    private readonly runs: readonly boolean[] = [],
  ) {
    this.avg = new Float64Array(fieldCount);
    this.longest = new Uint32Array(fieldCount);
  }

  /** Adds the next document; returns its id. */
  add(fields: readonly FieldInput[]): number {
    const doc = this.count++;
    for (let f = 0; f < this.fieldCount; f++) {
      const field = fields[f] ?? { length: 0, terms: [] };
      if (field.length > (this.longest[f] as number)) this.longest[f] = field.length;
      // MiniSearch's running mean, step for step, so averages agree to the last bit.
      this.avg[f] = ((this.avg[f] ?? 0) * doc + field.length) / (doc + 1);
      // Term frequencies counted in arrays by term id (a Map per field was a third of the
      // time spent adding), stamped so that nothing needs clearing between fields.
      const stamp = ++this.stampNow;
      const seen: number[] = [];
      for (const term of field.terms) {
        if (!term) continue;
        let id = this.termIds.get(term);
        if (id === undefined) {
          id = this.termList.length;
          this.termIds.set(term, id);
          this.termList.push(term);
          this.writers.push([]);
          this.grow(id);
        }
        if (this.stamps[id] !== stamp) {
          this.stamps[id] = stamp;
          this.counts[id] = 1;
          seen.push(id);
        } else this.counts[id] = (this.counts[id] as number) + 1;
      }
      for (const id of seen) {
        const perField = this.writers[id] as Array<ByteWriter | undefined>;
        let writer = perField[f];
        if (!writer) {
          writer = new ByteWriter(this.runs[f] === true);
          perField[f] = writer;
        }
        writer.push(doc, this.counts[id] as number, field.length);
      }
    }
    return doc;
  }

  finish(): TermIndex {
    const F = this.fieldCount;
    const order = this.termList
      .map((_, i) => i)
      .sort((a, b) => {
        const x = this.termList[a] as string;
        const y = this.termList[b] as string;
        return x < y ? -1 : x > y ? 1 : 0;
      });
    const postingStart = new Uint32Array(order.length * F + 1);
    const postingCount = new Uint32Array(order.length * F);
    let total = 0;
    for (const perField of this.writers) {
      for (const w of perField) {
        w?.flush();
        total += w?.length ?? 0;
      }
    }
    const postings = new Uint8Array(total);
    let at = 0;
    order.forEach((old, id) => {
      const perField = this.writers[old] ?? [];
      for (let f = 0; f < F; f++) {
        postingStart[id * F + f] = at;
        const w = perField[f];
        if (!w) continue;
        postings.set(w.bytes.subarray(0, w.length), at);
        at += w.length;
        postingCount[id * F + f] = w.count;
      }
    });
    postingStart[order.length * F] = at;
    return new TermIndex({
      fieldCount: F,
      documentCount: this.count,
      terms: order.map((i) => this.termList[i] as string),
      avgFieldLength: this.avg,
      longestField: this.longest,
      runs: Uint8Array.from({ length: F }, (_, f) => (this.runs[f] ? 1 : 0)),
      postingStart,
      postingCount,
      postings,
    });
  }
}

/**
 * Working memory of a search, kept between searches (an index answers one at a time). A search
 * goes through the documents a block at a time: every posting list is read up to the end of
 * the block, into state for that block's documents only, which then yields its candidates.
 * State for the whole corpus (1.5 million passages at 100,000 articles) is far larger than the
 * processor's cache, and touching it cost a cache miss a posting; a block's state stays in
 * cache. Scores are summed in the order MiniSearch sums them, and ties keep its order.
 */
interface Scratch {
  epoch: number;
  /**
   * Per document of the block, STATE_STRIDE numbers: the search, block and query term that
   * touched it last (epoch · SPEC_LIMIT + term; an older epoch means untouched), its total,
   * the current query term's partial score, and the bit mask of the derived terms it matched.
   */
  state: Float64Array;
  /** Per document of the block: MiniSearch's order of first match, as a sortable key. */
  firstKey: Float64Array;
  /** Per document of the block (AND): query terms matched, and its key in the latest one. */
  andCount: Uint32Array;
  andKey: Float64Array;
  /** The block's documents touched, as offsets in the block. */
  touched: Uint32Array;
}

/** Documents per block: the block's state (about 1 MB) fits in the processor's L2 cache. */
const BLOCK = 16_384;
const STATE_STRIDE = 4;
const TOUCH = 0;
const TOTAL = 1;
const PARTIAL = 2;
const MASK = 3;
/** The base `TOUCH` counts query terms in; a query has far fewer (questions are cut short). */
const SPEC_LIMIT = 2 ** 20;

export class TermIndex {
  readonly fieldCount: number;
  readonly documentCount: number;
  readonly terms: readonly string[];
  private readonly termIds: Map<string, number>;
  private readonly avgFieldLength: Float64Array;
  private readonly longestField: Uint32Array;
  private readonly runs: Uint8Array;
  private readonly postingStart: Uint32Array;
  private readonly postingCount: Uint32Array;
  private readonly postings: Uint8Array;
  private work: Scratch | undefined;
  private norms: Float64Array[] | undefined;

  /** `blockSize` is for tests, to put block boundaries where a small index has them. */
  constructor(
    parts: IndexParts,
    private readonly blockSize = BLOCK,
  ) {
    this.fieldCount = parts.fieldCount;
    this.documentCount = parts.documentCount;
    this.terms = parts.terms;
    this.avgFieldLength = parts.avgFieldLength;
    this.longestField = parts.longestField;
    this.runs = parts.runs;
    this.postingStart = parts.postingStart;
    this.postingCount = parts.postingCount;
    this.postings = parts.postings;
    this.termIds = new Map(parts.terms.map((t, i) => [t, i]));
  }

  parts(): IndexParts {
    return {
      fieldCount: this.fieldCount,
      documentCount: this.documentCount,
      terms: [...this.terms],
      avgFieldLength: this.avgFieldLength,
      longestField: this.longestField,
      runs: this.runs,
      postingStart: this.postingStart,
      postingCount: this.postingCount,
      postings: this.postings,
    };
  }

  /** In how many documents `term` occurs in `field` (0 when it does not). */
  documentFrequency(term: string, field: number): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : (this.postingCount[id * this.fieldCount + field] ?? 0);
  }

  /** Whether any field of any document has `term`. */
  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /**
   * The index terms within `maxDistance` edits (Levenshtein) of `query`, itself excluded, with
   * their distances. The sorted term list is walked as a trie: the edit-distance row of a prefix
   * is shared by every term that starts with it, and a prefix already too far is skipped whole.
   */
  fuzzyTerms(query: string, maxDistance: number): Array<{ id: number; distance: number }> {
    const out: Array<{ id: number; distance: number }> = [];
    const n = query.length;
    const maxLength = n + maxDistance;
    const terms = this.terms;
    // rows[k] is the distance row after the first k characters of the current prefix.
    const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => j)];
    let prefix = "";
    let i = 0;
    while (i < terms.length) {
      const term = terms[i] as string;
      let depth = 0;
      const limit = Math.min(prefix.length, term.length);
      while (depth < limit && prefix.charCodeAt(depth) === term.charCodeAt(depth)) depth++;
      let dead = -1;
      while (depth < term.length) {
        if (depth + 1 > maxLength) {
          dead = depth;
          break;
        }
        const prev = rows[depth] as Int32Array;
        let row = rows[depth + 1];
        if (!row) {
          row = new Int32Array(n + 1);
          rows[depth + 1] = row;
        }
        const ch = term.charCodeAt(depth);
        row[0] = depth + 1;
        let min = row[0];
        for (let j = 1; j <= n; j++) {
          const replace = (prev[j - 1] as number) + (query.charCodeAt(j - 1) === ch ? 0 : 1);
          const remove = (prev[j] as number) + 1;
          const insert = (row[j - 1] as number) + 1;
          const d =
            replace < remove
              ? replace < insert
                ? replace
                : insert
              : remove < insert
                ? remove
                : insert;
          row[j] = d;
          if (d < min) min = d;
        }
        if (min > maxDistance) {
          dead = depth;
          break;
        }
        depth++;
      }
      if (dead >= 0) {
        // Every term starting with term[0..dead] is as far or farther: skip them all.
        const stem = term.slice(0, dead + 1);
        const bound = `${stem}\uffff`;
        let lo = i + 1;
        let hi = terms.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((terms[mid] as string) < bound) lo = mid + 1;
          else hi = mid;
        }
        i = lo;
        prefix = term.slice(0, dead);
        continue;
      }
      const distance = (rows[term.length] as Int32Array)[n] as number;
      if (distance > 0 && distance <= maxDistance) out.push({ id: i, distance });
      prefix = term;
      i++;
    }
    return out;
  }

  private scratch(): Scratch {
    this.work ??= {
      epoch: 0,
      state: new Float64Array(this.blockSize * STATE_STRIDE),
      firstKey: new Float64Array(this.blockSize),
      andCount: new Uint32Array(this.blockSize),
      andKey: new Float64Array(this.blockSize),
      touched: new Uint32Array(this.blockSize),
    };
    return this.work;
  }

  /** Per field, BM25's length normalisation k·(1 − b + b·length / average) by length. */
  private lengthNorms(): Float64Array[] {
    // The same expression, in the same order, as MiniSearch evaluates per posting.
    this.norms ??= Array.from({ length: this.fieldCount }, (_, f) =>
      Float64Array.from(
        { length: (this.longestField[f] as number) + 1 },
        (_, length) =>
          BM25.k * (1 - BM25.b + (BM25.b * length) / (this.avgFieldLength[f] as number)),
      ),
    );
    return this.norms;
  }

  /**
   * Documents matching the query terms, best first, scored as MiniSearch scores them. Each
   * query term is looked up exactly and, when it asks for it, by its fuzzy forms.
   */
  search(query: readonly QueryTerm[], options: IndexSearchOptions = {}): IndexHit[] {
    const specs = query.filter((q) => q.term);
    if (specs.length === 0 || this.documentCount === 0) return [];
    const F = this.fieldCount;
    const boosts = Array.from({ length: F }, (_, f) => options.boost?.[f] || 1);
    const and = options.combineWith === "AND";

    // The derived terms of every query term: itself, then its fuzzy forms.
    const derived: string[] = [];
    const derivedIndex = new Map<string, number>();
    const sources: string[] = [];
    const sourceIndex = new Map<string, number>();
    const plans = specs.map((spec) => {
      if (!sourceIndex.has(spec.term)) {
        sourceIndex.set(spec.term, sources.length);
        sources.push(spec.term);
      }
      const forms: Array<{ id: number; weight: number; bit: number }> = [];
      const add = (id: number, weight: number) => {
        const term = this.terms[id] as string;
        let bit = derivedIndex.get(term);
        if (bit === undefined) {
          bit = derived.length;
          derivedIndex.set(term, bit);
          derived.push(term);
        }
        forms.push({ id, weight, bit });
      };
      const exact = this.termIds.get(spec.term);
      if (exact !== undefined) add(exact, 1);
      if (spec.fuzzy) {
        for (const { id, distance } of this.fuzzyTerms(spec.term, spec.fuzzy)) {
          const length = (this.terms[id] as string).length;
          add(id, (FUZZY_WEIGHT * length) / (length + distance));
        }
      }
      return { source: sourceIndex.get(spec.term) as number, forms };
    });
    // Which query terms each derived term answers: the query terms a document matched.
    const sourcesOf = derived.map(() => new Set<number>());
    for (const plan of plans) for (const f of plan.forms) sourcesOf[f.bit]?.add(plan.source);

    if (plans.length >= SPEC_LIMIT) throw new Error("too many query terms");
    const N = this.documentCount;
    const norms = this.lengthNorms();

    // Every (query term, derived term, field) posting list, in the order MiniSearch reads
    // them. A document's first list decides its place among equal scores: MiniSearch sorts
    // stably, in the order documents were first matched, list after list, each in id order.
    const lists: ListCursor[] = [];
    plans.forEach((plan, specNo) => {
      for (const form of plan.forms) {
        for (let f = 0; f < F; f++) {
          const key = form.id * F + f;
          const df = this.postingCount[key] as number;
          if (df === 0) continue;
          lists.push({
            spec: specNo,
            bit: form.bit,
            at: this.postingStart[key] as number,
            end: this.postingStart[key + 1] as number,
            runs: this.runs[f] === 1,
            weight: form.weight * (boosts[f] as number),
            idf: Math.log(1 + (N - df + 0.5) / (df + 0.5)),
            norm: norms[f] as Float64Array,
            next: 0,
            last: -1,
            score: 0,
          });
        }
      }
    });

    const maskWords = Math.max(1, Math.ceil(derived.length / 32));
    // MiniSearch multiplies by the number of distinct query terms matched; documents that
    // matched the same derived terms share the count, so it is worked out once per mask.
    const matchedSources = (mask: Uint32Array) => {
      const matched = new Set<number>();
      for (let b = 0; b < derived.length; b++) {
        if ((mask[b >>> 5] as number) & (1 << (b & 31)))
          for (const src of sourcesOf[b] ?? []) matched.add(src);
      }
      return matched;
    };
    const table = derived.length <= 12 ? new Int8Array(1 << derived.length) : undefined;
    const qualityOf = new Map<string, number>();
    const quality = (mask: Uint32Array): number => {
      if (table) {
        const at = mask[0] as number;
        let q = table[at] as number;
        if (q === 0) {
          q = matchedSources(mask).size || 1;
          table[at] = q;
        }
        return q;
      }
      const key = mask.join(",");
      let q = qualityOf.get(key);
      if (q === undefined) {
        q = matchedSources(mask).size || 1;
        qualityOf.set(key, q);
      }
      return q;
    };

    const picked = new Candidates(options.limit);
    const s = this.scratch();
    // More than 32 derived terms (fuzzy forms included) is rare: masks of several words then.
    const block = this.blockSize;
    const wide = maskWords > 1 ? new Uint32Array(block * maskWords) : undefined;
    const maskOf = new Uint32Array(maskWords);
    const postings = this.postings;
    for (let blockStart = 0; blockStart < N; blockStart += block) {
      const blockEnd = Math.min(N, blockStart + block);
      // A new epoch marks every slot untouched without clearing anything.
      s.epoch = s.epoch >= 2 ** 32 ? 1 : s.epoch + 1;
      if (s.epoch === 1) s.state.fill(0);
      const epochBase = s.epoch * SPEC_LIMIT;
      let touchedCount = 0;
      for (let li = 0; li < lists.length; li++) {
        const list = lists[li] as ListCursor;
        if (list.next >= blockEnd && list.next <= list.last) continue;
        touchedCount = scanList(
          list,
          li * N,
          postings,
          s,
          touchedCount,
          blockStart,
          blockEnd,
          epochBase + list.spec,
          epochBase,
          wide,
          maskWords,
          and,
        );
      }
      const { state, firstKey, andCount, andKey, touched } = s;
      for (let i = 0; i < touchedCount; i++) {
        const slot = touched[i] as number;
        const doc = blockStart + slot;
        if (and && andCount[slot] !== specs.length) continue;
        if (options.filter && !options.filter(doc)) continue;
        const at4 = slot * STATE_STRIDE;
        if (wide)
          for (let w = 0; w < maskWords; w++) maskOf[w] = wide[slot * maskWords + w] as number;
        else maskOf[0] = state[at4 + MASK] as number;
        // The last query term to match it has its partial score still to add.
        const score =
          ((state[at4 + TOTAL] as number) + (state[at4 + PARTIAL] as number)) * quality(maskOf);
        picked.offer(
          doc,
          score,
          and ? (andKey[slot] as number) : (firstKey[slot] as number),
          maskOf,
        );
      }
    }

    return picked.sorted().map(({ doc, score, mask }) => {
      const terms: string[] = [];
      for (let b = 0; b < derived.length; b++)
        if ((mask[b >>> 5] as number) & (1 << (b & 31))) terms.push(derived[b] as string);
      return {
        id: doc,
        score,
        terms,
        queryTerms: [...matchedSources(mask)]
          .sort((x, y) => x - y)
          .map((i) => sources[i] as string),
      };
    });
  }
}

/** One posting list being read, block after block. */
interface ListCursor {
  spec: number;
  bit: number;
  /** Where the next entry starts in the postings, and where the list ends. */
  at: number;
  end: number;
  runs: boolean;
  weight: number;
  idf: number;
  norm: Float64Array;
  /** The documents of the entry being read still to add: next … last, each with `score`. */
  next: number;
  last: number;
  score: number;
}

/**
 * Adds the list's documents before `blockEnd` to the block's state: the hot loop of a search,
 * a small function of its own so V8 optimises it once and keeps it. Returns the new count of
 * touched slots.
 *
 * MiniSearch sums a query term's contributions to a document (fields, fuzzy forms) into a
 * partial score, then adds that to the document's total: total = ((0 + p1) + p2) + …, which
 * floating-point addition does not let one reorder. The previous term's partial is added
 * when the next term first touches the document, the last one when the block is done.
 */
function scanList(
  list: ListCursor,
  keyBase: number,
  postings: Uint8Array,
  s: Scratch,
  touchedCount: number,
  blockStart: number,
  blockEnd: number,
  touch: number,
  epochBase: number,
  wide: Uint32Array | undefined,
  maskWords: number,
  and: boolean,
): number {
  const { state, firstKey, andCount, andKey, touched } = s;
  const word = list.bit >>> 5;
  const bit = 1 << (list.bit & 31);
  const k1 = BM25.k + 1;
  const d = BM25.d;
  const { end, runs, weight, idf, norm } = list;
  let { at, next, last, score } = list;
  let count = touchedCount;
  for (;;) {
    if (next > last) {
      // The entry is done: read the next one (its gap counts from the entry's last document).
      if (at >= end) break;
      let byte = postings[at++] as number;
      let gap = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) {
        byte = postings[at++] as number;
        gap |= (byte & 0x7f) << shift;
      }
      let extra = 0;
      if (runs) {
        byte = postings[at++] as number;
        extra = byte & 0x7f;
        for (let shift = 7; byte & 0x80; shift += 7) {
          byte = postings[at++] as number;
          extra |= (byte & 0x7f) << shift;
        }
      }
      byte = postings[at++] as number;
      let tf = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) {
        byte = postings[at++] as number;
        tf |= (byte & 0x7f) << shift;
      }
      byte = postings[at++] as number;
      let length = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) {
        byte = postings[at++] as number;
        length |= (byte & 0x7f) << shift;
      }
      next = (last < 0 ? 0 : last) + gap;
      last = next + extra;
      score = weight * (idf * (d + (tf * k1) / (tf + (norm[length] as number))));
    }
    if (next >= blockEnd) break;
    const upto = last < blockEnd ? last : blockEnd - 1;
    for (let doc = next; doc <= upto; doc++) {
      const slot = doc - blockStart;
      const at4 = slot * STATE_STRIDE;
      const touchedBy = state[at4 + TOUCH] as number;
      if (touchedBy === touch) {
        state[at4 + PARTIAL] = (state[at4 + PARTIAL] as number) + score;
      } else {
        if (touchedBy < epochBase) {
          // First match of this search.
          state[at4 + TOTAL] = 0;
          state[at4 + PARTIAL] = 0;
          state[at4 + MASK] = 0;
          if (wide) for (let w = 0; w < maskWords; w++) wide[slot * maskWords + w] = 0;
          firstKey[slot] = keyBase + doc;
          andCount[slot] = 0;
          touched[count++] = slot;
        }
        // The previous query term is done with this document: its partial joins the total.
        state[at4 + TOTAL] = (state[at4 + TOTAL] as number) + (state[at4 + PARTIAL] as number);
        state[at4 + TOUCH] = touch;
        state[at4 + PARTIAL] = score;
        if (and) {
          andCount[slot] = (andCount[slot] as number) + 1;
          andKey[slot] = keyBase + doc;
        }
      }
      if (wide) wide[slot * maskWords + word] = (wide[slot * maskWords + word] as number) | bit;
      else state[at4 + MASK] = (state[at4 + MASK] as number) | bit;
    }
    next = upto + 1;
  }
  list.at = at;
  list.next = next;
  list.last = last;
  list.score = score;
  return count;
}

/**
 * The hits kept: all of them, or with a limit the best so far in a bounded heap whose root is
 * the worst kept (most documents score below it and are turned away on the score alone).
 * Order: higher score first, then lower key (MiniSearch's order of first match).
 */
class Candidates {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  private readonly keys: number[] = [];
  private readonly masks: Uint32Array[] = [];

  constructor(private readonly limit?: number) {}

  /** Whether entry i ranks after entry j. */
  private after(i: number, j: number): boolean {
    const si = this.scores[i] as number;
    const sj = this.scores[j] as number;
    return si < sj || (si === sj && (this.keys[i] as number) > (this.keys[j] as number));
  }

  private swap(i: number, j: number) {
    for (const a of [this.docs, this.scores, this.keys] as number[][]) {
      const t = a[i] as number;
      a[i] = a[j] as number;
      a[j] = t;
    }
    const m = this.masks[i] as Uint32Array;
    this.masks[i] = this.masks[j] as Uint32Array;
    this.masks[j] = m;
  }

  offer(doc: number, score: number, key: number, mask: Uint32Array) {
    const limit = this.limit;
    const size = this.docs.length;
    if (limit !== undefined && size >= limit) {
      if (limit === 0) return;
      const rootScore = this.scores[0] as number;
      if (score < rootScore || (score === rootScore && key > (this.keys[0] as number))) return;
      this.docs[0] = doc;
      this.scores[0] = score;
      this.keys[0] = key;
      this.masks[0] = mask.slice();
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < size && this.after(l, m)) m = l;
        if (r < size && this.after(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
      return;
    }
    this.docs.push(doc);
    this.scores.push(score);
    this.keys.push(key);
    this.masks.push(mask.slice());
    if (limit === undefined) return;
    for (let c = size; c > 0; ) {
      const p = (c - 1) >>> 1;
      if (!this.after(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }

  sorted(): Array<{ doc: number; score: number; mask: Uint32Array }> {
    return this.docs
      .map((doc, i) => ({
        doc,
        score: this.scores[i] as number,
        key: this.keys[i] as number,
        mask: this.masks[i] as Uint32Array,
      }))
      .sort((a, b) => b.score - a.score || a.key - b.key);
  }
}
