/* Page contents ("Contents" beside the page): no section stays highlighted once the reader is back above the
 * first one. The theme highlights the section whose heading last entered the top 30 % of the window and never
 * clears it, so after scrolling back to the top the last section stayed highlighted. Loaded on every page by
 * widgets/book/__init__.py.
 */

/** The part of the window's height, from its top, in which the theme's observer sees a heading arrive. */
export const BAND = 0.3;

/** Whether the reader is above every section: the first section's heading is below the theme's band. */
export function aboveFirstSection(firstHeadingTop, viewportHeight, band = BAND) {
  return firstHeadingTop > viewportHeight * band;
}

/** Remove the highlight (class "active", aria-current) from every link and entry of the contents `nav`. */
export function clearHighlight(nav) {
  for (const el of nav.querySelectorAll(".active")) el.classList.remove("active");
  for (const el of nav.querySelectorAll("[aria-current]")) el.removeAttribute("aria-current");
}

/** The heading (or target) of the first in-page link of the contents `nav` in `doc`, or null. */
export function firstSectionHeading(nav, doc) {
  for (const link of nav.querySelectorAll("a[href^='#']")) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    const target = id && doc.getElementById(id);
    if (target) return target.querySelector("h1, h2, h3, h4, h5, h6") || target;
  }
  return null;
}

/** Watch the window's scrolling and clear the highlight whenever the reader is above the first section. */
export function watch(doc = document, win = window) {
  const nav = doc.querySelector("#pst-page-toc-nav");
  const heading = nav && firstSectionHeading(nav, doc);
  if (!heading) return false;
  let queued = false;
  const check = () => {
    queued = false;
    if (aboveFirstSection(heading.getBoundingClientRect().top, win.innerHeight)) clearHighlight(nav);
  };
  win.addEventListener("scroll", () => {
    if (!queued) {
      queued = true;
      win.requestAnimationFrame(check);
    }
  }, { passive: true });
  return true;
}

if (typeof document !== "undefined" && typeof window !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => watch());
  else watch();
}
