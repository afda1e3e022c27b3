/**
 * A compact BM25 index over analysed terms: the engine's passage and deal search.
 *
 * It ranks exactly as MiniSearch 7 does with the options the engine uses (BM25+ with k 1.2,
 * b 0.7, d 0.5; a score multiplied by the number of query terms matched; fuzzy terms weighted
 * 0.45 · length / (length + distance); ties in the order documents were first matched), and a
 * test holds it to that. It exists because MiniSearch keeps every posting as an entry of nested
 * `Map`s: at 20,000 articles (290,000 passages) that is about 1.8 GB of heap and 16 s to load
 * back. Here the postings of a term and field are one run of varint bytes in a single
 * `Uint8Array`, so the index is a few typed arrays that load with no parsing at all and cost
 * about 4 bytes a posting. A posting carries the document's field length as well as its term
 * frequency: BM25 needs both, and reading the length from a per-document array cost a cache
 * miss a posting (at 1.5 million passages that array is far larger than the cache).
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
  private readonly tf = new Map<number, number>();

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
      const tf = this.tf;
      tf.clear();
      for (const term of field.terms) {
        if (!term) continue;
        let id = this.termIds.get(term);
        if (id === undefined) {
          id = this.termList.length;
          this.termIds.set(term, id);
          this.termList.push(term);
          this.writers.push([]);
        }
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      for (const [id, n] of tf) {
        const perField = this.writers[id] as Array<ByteWriter | undefined>;
        let writer = perField[f];
        if (!writer) {
          writer = new ByteWriter(this.runs[f] === true);
          perField[f] = writer;
        }
        writer.push(doc, n, field.length);
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
 * Per-query working memory, kept between queries (an index answers one query at a time). What
 * a posting reads and writes of its document is in one 32-byte slot of `state`: at 1.5 million
 * passages the per-document arrays are far larger than the processor's cache, and a posting
 * costs about as many cache misses as the arrays it touches.
 */
interface Scratch {
  epoch: number;
  /**
   * Per document, STATE_STRIDE numbers: which query and query term touched it last (as
   * epoch · SPEC_LIMIT + term; an older epoch means untouched in this query), its total score,
   * the current query term's partial score, and the bit mask of the derived terms it matched.
   */
  state: Float64Array;
  /** Per document: its order of first match (MiniSearch's stable tie order), then its order
   * in the latest query term, and how many query terms matched it. */
  orders: Uint32Array;
  touched: Uint32Array;
  specTouched: Uint32Array;
}

const STATE_STRIDE = 4;
const TOUCH = 0;
const TOTAL = 1;
const PARTIAL = 2;
const MASK = 3;
const ORDERS_STRIDE = 3;
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

  constructor(parts: IndexParts) {
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
    const n = this.documentCount;
    this.work ??= {
      epoch: 0,
      state: new Float64Array(n * STATE_STRIDE),
      orders: new Uint32Array(n * ORDERS_STRIDE),
      touched: new Uint32Array(n),
      specTouched: new Uint32Array(n),
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
    const maskWords = Math.max(1, Math.ceil(derived.length / 32));
    const s = this.scratch();
    // A new epoch marks every document untouched without clearing anything.
    s.epoch = s.epoch >= 2 ** 32 ? 1 : s.epoch + 1;
    if (s.epoch === 1) s.state.fill(0);
    const epochBase = s.epoch * SPEC_LIMIT;
    const { state, orders, touched, specTouched } = s;
    // More than 32 distinct terms (fuzzy forms included) is rare: wider masks for this query only.
    const wide = maskWords === 1 ? undefined : new Uint32Array(this.documentCount * maskWords);
    let touchedCount = 0;
    let nextOrder = 0;
    const postings = this.postings;
    const postingStart = this.postingStart;
    const postingCount = this.postingCount;
    const norms = this.lengthNorms();
    const N = this.documentCount;
    const k1 = BM25.k + 1;
    const d = BM25.d;

    for (let specNo = 0; specNo < plans.length; specNo++) {
      const plan = plans[specNo] as (typeof plans)[number];
      const touch = epochBase + specNo;
      let specCount = 0;
      let specOrder = 0;
      for (const form of plan.forms) {
        const word = form.bit >>> 5;
        const bit = 1 << (form.bit & 31);
        for (let f = 0; f < F; f++) {
          const key = form.id * F + f;
          const df = postingCount[key] as number;
          if (df === 0) continue;
          const norm = norms[f] as Float64Array;
          const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
          const weight = form.weight * (boosts[f] as number);
          let at = postingStart[key] as number;
          const end = postingStart[key + 1] as number;
          const runs = this.runs[f] === 1;
          let doc = 0;
          while (at < end) {
            let byte = postings[at++] as number;
            let gap = byte & 0x7f;
            for (let shift = 7; byte & 0x80; shift += 7) {
              byte = postings[at++] as number;
              gap |= (byte & 0x7f) << shift;
            }
            doc += gap;
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
            const score = weight * (idf * (d + (tf * k1) / (tf + (norm[length] as number))));
            for (const last = doc + extra; doc <= last; doc++) {
              const at4 = doc * STATE_STRIDE;
              const touchedBy = state[at4 + TOUCH] as number;
              if (touchedBy === touch) {
                state[at4 + PARTIAL] = (state[at4 + PARTIAL] as number) + score;
              } else {
                if (touchedBy < epochBase) {
                  // First match of this query.
                  state[at4 + MASK] = 0;
                  orders[doc * ORDERS_STRIDE] = nextOrder++;
                  orders[doc * ORDERS_STRIDE + 2] = 0;
                  touched[touchedCount++] = doc;
                }
                state[at4 + TOUCH] = touch;
                state[at4 + PARTIAL] = score;
                orders[doc * ORDERS_STRIDE + 1] = specOrder++;
                specTouched[specCount++] = doc;
              }
              if (wide)
                wide[doc * maskWords + word] = (wide[doc * maskWords + word] as number) | bit;
              else state[at4 + MASK] = (state[at4 + MASK] as number) | bit;
            }
            // The next gap counts from the last document of this run.
            doc--;
          }
        }
      }
      // Fold this query term's scores in, as MiniSearch's OR and AND add one term's map to another.
      for (let i = 0; i < specCount; i++) {
        const doc = specTouched[i] as number;
        const at4 = doc * STATE_STRIDE;
        const count = orders[doc * ORDERS_STRIDE + 2] as number;
        state[at4 + TOTAL] =
          count === 0
            ? (state[at4 + PARTIAL] as number)
            : (state[at4 + TOTAL] as number) + (state[at4 + PARTIAL] as number);
        orders[doc * ORDERS_STRIDE + 2] = count + 1;
      }
    }
    const maskAt = (doc: number, w: number) =>
      wide ? (wide[doc * maskWords + w] as number) : (state[doc * STATE_STRIDE + MASK] as number);
    const hasTerm = (doc: number, b: number) => (maskAt(doc, b >>> 5) & (1 << (b & 31))) !== 0;

    // MiniSearch multiplies by the number of distinct query terms matched; documents that
    // matched the same derived terms share the count, so it is worked out once per pattern.
    const matchedSources = (doc: number) => {
      const matched = new Set<number>();
      for (let b = 0; b < derived.length; b++) {
        if (hasTerm(doc, b)) for (const src of sourcesOf[b] ?? []) matched.add(src);
      }
      return matched;
    };
    // Documents that matched the same derived terms share the count: with up to 12 derived
    // terms it is looked up by mask in a table, otherwise worked out once per mask.
    const table = derived.length <= 12 ? new Int8Array(1 << derived.length) : undefined;
    const qualityOf = new Map<number | string, number>();
    const quality = (doc: number) => {
      if (table) {
        const mask = maskAt(doc, 0);
        let q = table[mask] as number;
        if (q === 0) {
          q = matchedSources(doc).size || 1;
          table[mask] = q;
        }
        return q;
      }
      const key = wide
        ? Array.from(wide.subarray(doc * maskWords, (doc + 1) * maskWords)).join(",")
        : maskAt(doc, 0);
      let q = qualityOf.get(key);
      if (q === undefined) {
        q = matchedSources(doc).size || 1;
        qualityOf.set(key, q);
      }
      return q;
    };

    // The final score goes back into the total; ties are broken as MiniSearch's stable sort
    // does: AND keeps the order of the last query term's matches, OR the order of first match.
    const kept = new Uint32Array(touchedCount);
    let keptCount = 0;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] as number;
      if (and && orders[doc * ORDERS_STRIDE + 2] !== specs.length) continue;
      if (options.filter && !options.filter(doc)) continue;
      const at4 = doc * STATE_STRIDE;
      state[at4 + TOTAL] = (state[at4 + TOTAL] as number) * quality(doc);
      kept[keptCount++] = doc;
    }
    const scoreOf = (doc: number) => state[doc * STATE_STRIDE + TOTAL] as number;
    const rankAt = and ? 1 : 0;
    const better = (a: number, b: number) =>
      scoreOf(b) - scoreOf(a) ||
      (orders[a * ORDERS_STRIDE + rankAt] as number) -
        (orders[b * ORDERS_STRIDE + rankAt] as number);
    const limit = Math.min(options.limit ?? keptCount, keptCount);
    const best =
      limit < keptCount
        ? topK(kept.subarray(0, keptCount), limit, scoreOf, better)
        : Array.from(kept.subarray(0, keptCount)).sort(better);

    return best.map((doc) => {
      const terms: string[] = [];
      for (let b = 0; b < derived.length; b++)
        if (hasTerm(doc, b)) terms.push(derived[b] as string);
      return {
        id: doc,
        score: scoreOf(doc),
        terms,
        queryTerms: [...matchedSources(doc)].sort((x, y) => x - y).map((i) => sources[i] as string),
      };
    });
  }
}

/**
 * The `k` best of `items` by `better`, sorted: a bounded heap instead of sorting every match.
 * Most items score below the worst kept one, and are turned away on the score alone.
 */
function topK(
  items: Uint32Array,
  k: number,
  scoreOf: (item: number) => number,
  better: (a: number, b: number) => number,
): number[] {
  if (k <= 0) return [];
  // A heap whose root is the worst of the best k so far.
  const heap: number[] = [];
  const worse = (i: number, j: number) => better(heap[i] as number, heap[j] as number) > 0;
  const swap = (i: number, j: number) => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  const down = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  let floor = Number.NEGATIVE_INFINITY;
  for (let n = 0; n < items.length; n++) {
    const item = items[n] as number;
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >>> 1;
        if (!worse(i, p)) break;
        swap(i, p);
        i = p;
      }
      if (heap.length === k) floor = scoreOf(heap[0] as number);
      continue;
    }
    // Below the worst kept score it cannot enter; at it, only the order of ties decides.
    if (scoreOf(item) < floor) continue;
    if (better(item, heap[0] as number) < 0) {
      heap[0] = item;
      down(0);
      floor = scoreOf(heap[0] as number);
    }
  }
  return heap.sort(better);
}
