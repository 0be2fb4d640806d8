// course-page.test.mjs: the site's page scripts outside the simulators: the page contents' highlight
// (widgets/book/static/course-toc.mjs) and the search page's query splitter (widgets/book/search_splitter.js,
// a classic script run here in a sandbox with a made-up index). Run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

import { aboveFirstSection, BAND, clearHighlight, firstSectionHeading } from "../../widgets/book/static/course-toc.mjs";

function element(classes = [], attrs = {}) {
  const set = new Set(classes);
  return {
    attrs: { ...attrs },
    classList: { remove: (c) => set.delete(c), contains: (c) => set.has(c) },
    removeAttribute(name) { delete this.attrs[name]; },
  };
}

test("the reader is above the first section while its heading is below the theme's band", () => {
  assert.equal(BAND, 0.3);
  assert.equal(aboveFirstSection(500, 900), true);
  assert.equal(aboveFirstSection(271, 900), true);
  assert.equal(aboveFirstSection(270, 900), false);
  assert.equal(aboveFirstSection(-40, 900), false);
});

test("clearing the highlight removes 'active' and aria-current from every marked element", () => {
  const link = element(["reference", "active"], { "aria-current": "true" });
  const entry = element(["toc-entry", "active"]);
  const nav = {
    querySelectorAll: (sel) => (sel === ".active" ? [link, entry] : sel === "[aria-current]" ? [link] : []),
  };
  clearHighlight(nav);
  assert.equal(link.classList.contains("active"), false);
  assert.equal(entry.classList.contains("active"), false);
  assert.equal(link.classList.contains("reference"), true);
  assert.deepEqual(link.attrs, {});
});

test("the first section is the first contents link whose target exists, its heading preferred", () => {
  const heading = { tag: "h2" };
  const section = { querySelector: () => heading };
  const links = [{ getAttribute: () => "#gone" }, { getAttribute: () => "#bone%20cells" }];
  const nav = { querySelectorAll: () => links };
  const doc = { getElementById: (id) => (id === "bone cells" ? section : null) };
  assert.equal(firstSectionHeading(nav, doc), heading);
  assert.equal(firstSectionHeading({ querySelectorAll: () => [] }, doc), null);
});

function splitter(terms) {
  const sandbox = { Search: { _index: { terms, titleterms: {} } } };
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(new URL("../../widgets/book/search_splitter.js", import.meta.url), "utf8"), sandbox);
  return (query) => Array.from(sandbox.splitQuery(query));
}

test("a Chinese query is cut into the words the index holds; English words are split as Sphinx splits them", () => {
  const split = splitter({ "破骨细胞": [1], "细胞": [1, 2], "破骨": [1], "分化": [3], "rankl": [1] });
  assert.deepEqual(split("破骨细胞"), ["破骨细胞"]);
  assert.deepEqual(split("破骨细胞分化"), ["破骨细胞", "分化"]);
  assert.deepEqual(split("RANKL 破骨细胞"), ["RANKL", "破骨细胞"]);
  assert.deepEqual(split("IL-6, TNF-α"), ["IL", "6", "TNF", "α"]);
  assert.deepEqual(split("骨X细胞"), ["骨", "X", "细胞"], "a character the index lacks stays a word of its own");
});

test("before the index is loaded a Chinese run stays whole", () => {
  const sandbox = {};
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(new URL("../../widgets/book/search_splitter.js", import.meta.url), "utf8"), sandbox);
  assert.deepEqual(Array.from(sandbox.splitQuery("破骨细胞 bone")), ["破骨细胞", "bone"]);
});
