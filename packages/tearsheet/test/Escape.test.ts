/**
 * Every user-supplied string is text, never markup: the signal name, file names, baseline names,
 * verdict reasons, notes, run ids and links.
 */
import { assert, describe, it } from "vitest"
import { renderTearsheet } from "../src/index.ts"
import { escapeHtml, html, trustedHtml } from "../src/internal/html.ts"
import { hostile } from "./fixtures/hostile.ts"
import { makeSuiteFixture } from "./fixtures/suiteFixture.ts"

describe("html template", () => {
  it("escapes the five special characters", () => {
    assert.strictEqual(escapeHtml(`<a href="x" title='y'>&</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
  })

  it("escapes interpolated strings but not markup it built, and drops null, undefined and booleans", () => {
    const inner = html`<b>${"<i>"}</b>`
    assert.strictEqual(html`<p>${inner}${null}${undefined}${false}${[1, "<", trustedHtml("<br>")]}</p>`.markup, "<p><b>&lt;i&gt;</b>1&lt;<br></p>")
  })
})

describe("renderTearsheet escaping", () => {
  it("shows hostile strings as text and produces no script, image or event handler", async () => {
    const suite = makeSuiteFixture({ baselines: ["value", hostile.baseline], reasons: [hostile.reason] })
    const page = await renderTearsheet(suite, undefined, {
      signalName: hostile.signalName,
      files: { [hostile.file]: hostile.file },
      trackingRunId: hostile.runId,
      trackingRunLink: hostile.link,
      gitCommit: "<b>bold</b>",
      generatedAt: "2024-05-01T12:00:00Z"
    })
    assert.notMatch(page, /<script/i)
    assert.notMatch(page, /<img/i)
    assert.notMatch(page, /<b>bold/)
    assert.include(page, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>")
    assert.include(page, "<title>&lt;script&gt;alert(1)&lt;/script&gt; · alphabench tear sheet</title>")
    assert.include(page, "<li>Sharpe &lt;/li&gt;&lt;script&gt;alert(3)&lt;/script&gt; &amp; &quot;quoted&quot;</li>")
    assert.include(page, `href="https://mlflow.example/#/runs/1?a=&quot;b&quot;&amp;c=&lt;d&gt;"`)
    assert.include(page, "&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;")
    assert.include(page, "data/&quot;weird&#39; &lt;name&gt;.parquet")
    // The baseline's name is a table cell and a legend label inside an SVG chart.
    assert.include(page, "<td>&lt;img src=x onerror=alert(2)&gt;</td>")
  })

  it("refuses a javascript: tracking link", async () => {
    const suite = makeSuiteFixture()
    try {
      await renderTearsheet(suite, undefined, { signalName: "x", trackingRunLink: "javascript:alert(1)" })
      assert.fail("expected a TearsheetInputError")
    } catch (error) {
      assert.match(String(error), /context\.trackingRunLink is "javascript:alert\(1\)", expected an http\(s\) or file URL, or a relative path/)
    }
  })
})
