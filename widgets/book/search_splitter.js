/* The search page's query splitter for the course's English and Chinese text (a classic script, written
 * into language_data.js by widgets/book/search.py; Sphinx's searchtools.js calls splitQuery).
 *
 * Words are split as Sphinx splits them by default (at anything that is not a letter, a number, "_" or an
 * emoji). A run of Chinese characters has no spaces, so it is cut into the words the search index holds
 * (the index was made with jieba, widgets/book/search.py): the run itself when the index has it, else the
 * longest indexed word at each position, from left to right. A character the index lacks stays a word of
 * its own, so a query with it finds nothing, as it should. Before the index has loaded, a run stays whole.
 */
var COURSE_HAN = /(\p{Script=Han}+)/u;
var COURSE_LONGEST_WORD = 16;

function courseIndex() {
  return typeof Search !== "undefined" && Search._index ? Search._index : null;
}

function courseIndexHas(word) {
  var index = courseIndex();
  return Object.prototype.hasOwnProperty.call(index.terms, word) ||
    Object.prototype.hasOwnProperty.call(index.titleterms, word);
}

function courseSplitHan(run) {
  if (!courseIndex() || courseIndexHas(run)) return [run];
  var words = [];
  var start = 0;
  while (start < run.length) {
    var end = Math.min(run.length, start + COURSE_LONGEST_WORD);
    while (end > start + 1 && !courseIndexHas(run.slice(start, end))) end -= 1;
    words.push(run.slice(start, end));
    start = end;
  }
  return words;
}

var splitQuery = function (query) {
  var words = [];
  query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).forEach(function (word) {
    word.split(COURSE_HAN).forEach(function (part, i) {
      if (!part) return;
      if (i % 2 === 1) words.push.apply(words, courseSplitHan(part));
      else words.push(part);
    });
  });
  return words;
};
