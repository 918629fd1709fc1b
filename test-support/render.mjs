// A job summary rendered as GitHub shows it, in headless Chromium: the markdown through marked (GFM),
// each ```mermaid block drawn by the mermaid package itself (as GitHub draws them), then the picture
// read back from the page. Debian's chromium (scripts/chromium.sh installs it) driven by playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { Marked } from 'marked'
import { chromium } from 'playwright-core'

/* global document */

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const require = createRequire(import.meta.url)
const MERMAID = join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js')

// The network is closed here: without these Chromium waits on its own background fetches.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

const escape = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The summary's markdown as HTML, a ```mermaid block as the element mermaid draws into. */
export function summaryHtml(markdown) {
  const marked = new Marked({ gfm: true })
  marked.use({
    renderer: {
      code({ text, lang }) {
        return lang === 'mermaid'
          ? `<pre class="mermaid">${escape(text)}</pre>\n`
          : `<pre><code class="language-${escape(lang ?? '')}">${escape(text)}</code></pre>\n`
      }
    }
  })
  const body = marked.parse(markdown)
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body { font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 14px; margin: 16px; width: 1000px; color: #1f2328 }
table { border-collapse: collapse } th, td { border: 1px solid #d1d9e0; padding: 6px 13px }
pre { background: #f6f8fa; padding: 16px; overflow: auto } pre.mermaid { background: none }
</style></head><body>${body}</body></html>`
}

/**
 * Renders `markdown` and reads the picture back: per mermaid chart, its bars (class and label) and any
 * error mermaid drew. `screenshot`: a PNG of the whole page written there.
 */
export async function renderSummary(markdown, { screenshot } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1040, height: 800 }
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    const consoleErrors = []
    page.on('console', m => m.type() === 'error' && consoleErrors.push(m.text()))
    await page.setContent(summaryHtml(markdown))
    await page.addScriptTag({ path: MERMAID })
    const charts = await page.evaluate(async () => {
      // GitHub draws with securityLevel strict. Each block is drawn in place; an error is kept.
      globalThis.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })
      const errors = new Map()
      let n = 0
      for (const pre of document.querySelectorAll('pre.mermaid')) {
        try {
          const { svg } = await globalThis.mermaid.render(`chart${++n}`, pre.textContent ?? '')
          pre.innerHTML = svg
        } catch (e) {
          errors.set(pre, String(e?.message ?? e))
        }
      }
      return [...document.querySelectorAll('pre.mermaid')].map(pre => {
        const svg = pre.querySelector('svg')
        const bars = [...(svg?.querySelectorAll('rect.task') ?? [])].map(r => ({
          class: r.getAttribute('class') ?? '',
          id: r.getAttribute('id') ?? '',
          width: Number(r.getAttribute('width') ?? 0)
        }))
        const labels = [
          ...(svg?.querySelectorAll('text.taskText, text.taskTextOutsideRight, text.taskTextOutsideLeft') ??
            [])
        ].map(t => t.textContent ?? '')
        const sections = [...(svg?.querySelectorAll('text.sectionTitle') ?? [])].map(t => t.textContent ?? '')
        const ticks = [...(svg?.querySelectorAll('.tick text') ?? [])].map(t => t.textContent ?? '')
        return {
          rendered: Boolean(svg),
          error: errors.get(pre) ?? svg?.querySelector('.error-text')?.textContent ?? undefined,
          bars,
          labels,
          sections,
          ticks
        }
      })
    })
    const text = await page.evaluate(() => document.body.innerText)
    if (screenshot) {
      mkdirSync(dirname(screenshot), { recursive: true })
      await page.screenshot({ path: screenshot, fullPage: true })
    }
    return { charts, text, consoleErrors }
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}
