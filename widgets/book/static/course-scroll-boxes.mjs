/* Table scroll boxes are a Tab stop only while they scroll. A wide table sits in a box that scrolls sideways
 * (.course-table-scroll, role="region", with a name) and is focusable so the keyboard can scroll it; a box
 * whose table fits its column needs no scrolling, and a Tab stop there leads nowhere. This keeps tabindex="0"
 * on the boxes that overflow and removes it from the others, again whenever a box's width or its table's
 * changes (a rotated phone, a resized window). Without scripts every box keeps its Tab stop (the page's HTML
 * has tabindex="0"). Loaded on every page by widgets/book/__init__.py.
 */

export const BOXES = ".course-table-scroll, .course-table[role='region']";

/** Whether a box of `clientWidth` px showing content `scrollWidth` px wide scrolls (1 px of rounding allowed). */
export function scrolls(scrollWidth, clientWidth) {
  return scrollWidth > clientWidth + 1;
}

/** Give `box` a Tab stop when it scrolls and take it away when it does not; returns whether it scrolls. */
export function update(box) {
  const on = scrolls(box.scrollWidth, box.clientWidth);
  if (on) box.setAttribute("tabindex", "0");
  else box.removeAttribute("tabindex");
  return on;
}

/** Update every box of `doc` now and whenever it or its content is resized; returns the number of boxes. */
export function watch(doc = document, win = window) {
  const boxes = [...doc.querySelectorAll(BOXES)];
  boxes.forEach(update);
  if ("ResizeObserver" in win) {
    const observer = new win.ResizeObserver((entries) => {
      for (const entry of entries) update(entry.target.closest(BOXES) || entry.target);
    });
    for (const box of boxes) {
      observer.observe(box);
      if (box.firstElementChild) observer.observe(box.firstElementChild);
    }
  }
  return boxes.length;
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => watch());
  else watch();
}
