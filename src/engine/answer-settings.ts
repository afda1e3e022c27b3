/** `/ask`'s tuning knobs, in one place, named so the evaluation report can cite them. */
export const ANSWER_SETTINGS = {
  /** Long questions are cut here: the first 60 words carry the question. */
  maxQuestionChars: 600,
  /** Passages whose best window is looked at. */
  candidates: 40,
  /** At most this many quotes (articles) in one answer. */
  maxQuotes: 4,
  /** Below this share of the question's weight in its best window, the corpus does not answer. */
  minCoverage: 0.5,
  /**
   * The same for an open question (no figure, date or person asked for) about a company the
   * corpus knows: the company ties it to the corpus, and its other words are often the asker's
   * own ("which new territories" for "expansion into the United States and Canada").
   */
  openQuestionCoverage: 0.25,
  /** The same for a figure, date or person question whose best window holds one of that kind. */
  shapedQuestionCoverage: 0.4,
  /** The same for a question naming nothing and using none of deal news's words. */
  offTopicCoverage: 0.75,
  /** Other places in the best article are quoted too when they score this share of the first… */
  runnerUpShare: 0.6,
  /** … this many at most. */
  runnersUp: 2,
  /** For an article naming every company asked about in one passage; as much again in its headline. */
  namesAllBonus: 0.1,
  /** For a passage naming a party of the kind asked for ("which law firm": "… LLP"). */
  partyNamedBonus: 0.2,
  /** Further articles must reach this share of the best article's score. */
  relativeScore: 0.75,
  /** A term in more passages than this share (and than the floor) is too common to retrieve by. */
  commonTermShare: 0.04,
  commonTermFloor: 400,
  /** A company's name retrieves up to this many times the share of a common word. */
  nameTermFactor: 4,
  /** A term in this share of passages is the corpus's everyday vocabulary ("patent", "licence"). */
  everydayTermShare: 0.1,
  /** Weight of a query term no article uses, relative to the average known term. */
  unknownTermWeight: 0.5,
};
