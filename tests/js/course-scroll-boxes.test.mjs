// course-scroll-boxes.test.mjs: a table's scroll box is a Tab stop only while it scrolls
// (widgets/book/static/course-scroll-boxes.mjs). Run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BOXES, scrolls, update, watch } from "../../widgets/book/static/course-scroll-boxes.mjs";

function box(scrollWidth, clientWidth) {
  return {
    scrollWidth, clientWidth, attrs: { tabindex: "0" }, firstElementChild: null,
    setAttribute(name, value) { this.attrs[name] = value; },
    removeAttribute(name) { delete this.attrs[name]; },
    closest() { return this; },
  };
}

test("a box scrolls when its content is wider than it by more than a pixel of rounding", () => {
  assert.equal(scrolls(995, 936), true);
  assert.equal(scrolls(937, 936), false);
  assert.equal(scrolls(600, 936), false);
});

test("update keeps the Tab stop of a box that scrolls and removes it from one that does not", () => {
  const wide = box(995, 936);
  const narrow = box(600, 936);
  assert.equal(update(wide), true);
  assert.equal(wide.attrs.tabindex, "0");
  assert.equal(update(narrow), false);
  assert.equal("tabindex" in narrow.attrs, false);
  narrow.clientWidth = 342; // a phone: now it scrolls, and is a Tab stop again
  assert.equal(update(narrow), true);
  assert.equal(narrow.attrs.tabindex, "0");
});

test("watch updates every box of the page and follows each one's resizes", () => {
  const boxes = [box(995, 936), box(600, 936)];
  const observed = [];
  let callback = null;
  class ResizeObserver {
    constructor(f) { callback = f; }
    observe(target) { observed.push(target); }
  }
  const doc = { querySelectorAll: (selector) => (selector === BOXES ? boxes : []) };
  assert.equal(watch(doc, { ResizeObserver }), 2);
  assert.deepEqual(boxes.map((b) => "tabindex" in b.attrs), [true, false]);
  assert.deepEqual(observed, boxes);
  boxes[1].clientWidth = 342;
  callback([{ target: boxes[1] }]);
  assert.equal(boxes[1].attrs.tabindex, "0");
});
