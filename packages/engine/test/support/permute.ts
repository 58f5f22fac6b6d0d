/** Relabels a panel's securities (new ids, hence a new column order) without changing its content. */
import { makePanel, type Panel, type PanelColumns } from "@alphabench/catalog"

export const relabelPanel = (panel: Panel, newIdOf: (id: number) => number): Panel => {
  const nSec = panel.nSecurities
  const newIds = Array.from(panel.securityIds, newIdOf)
  // order[k] = the old index of the k-th smallest new id.
  const order = Array.from({ length: nSec }, (_, s) => s).sort((a, b) => newIds[a] - newIds[b])
  const columns: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(panel.columns)) {
    if (column === undefined) continue
    const out = new (column.constructor as new (n: number) => typeof column)(column.length)
    for (let d = 0; d < panel.nDays; d++) {
      for (let k = 0; k < nSec; k++) out[d * nSec + k] = column[d * nSec + order[k]]
    }
    columns[field] = out
  }
  return makePanel({
    dates: panel.dates,
    securityIds: Int32Array.from(order, (s) => newIds[s]),
    columns: columns as PanelColumns
  })
}
