/**
 * The optional simulation settings of the Run tab (packages/simulation's options as a workflow
 * file writes them): how positions are chosen (top N or fractile), the side, the rebalance
 * calendar, fees, tax and stops. `value()` is undefined while the simulation is switched off.
 */
import type { SimulationForm } from "../../src/ApiTypes.ts"
import { field, h } from "./dom.ts"

const numberInput = (value: string, attrs: Record<string, string | number>) =>
  h("input", { attrs: { type: "number", inputmode: "decimal", value, ...attrs } })

const optionalNumber = (input: HTMLInputElement): number | undefined => (input.value.trim() === "" ? undefined : Number(input.value))

export const simulationFields = (onChange: () => void) => {
  const enabled = h("input", { attrs: { type: "checkbox", name: "simulate" }, on: { change: () => refresh() } })
  const method = h("select", { attrs: { name: "method" }, on: { change: () => refresh() } },
    h("option", { attrs: { value: "top_n" } }, "Top N names"),
    h("option", { attrs: { value: "fractile" } }, "Fractile (percentiles)"))
  const n = numberInput("50", { min: 1, step: 1, name: "n" })
  const lo = numberInput("10", { min: 0, max: 100, step: 1, name: "fractile_lo" })
  const hi = numberInput("90", { min: 0, max: 100, step: 1, name: "fractile_hi" })
  const side = h("select", { attrs: { name: "side" } },
    h("option", { attrs: { value: "long" } }, "Long only"),
    h("option", { attrs: { value: "short" } }, "Short only"),
    h("option", { attrs: { value: "both" } }, "Long and short"))
  const resample = h("select", { attrs: { name: "resample" } },
    ...[["D", "Daily"], ["W", "Weekly"], ["M", "Month end"], ["MS", "Month start"], ["Q", "Quarter end"]].map(([value, label]) =>
      h("option", { attrs: { value: value!, selected: value === "M" } }, label!)))
  const fee = numberInput("0.001425", { min: 0, max: 0.1, step: "any", name: "fee_ratio" })
  const tax = numberInput("0", { min: 0, max: 0.1, step: "any", name: "tax_ratio" })
  const stop = numberInput("", { min: 0, max: 1, step: "any", name: "stop_loss", placeholder: "none" })
  const take = numberInput("", { min: 0, step: "any", name: "take_profit", placeholder: "none" })
  const trail = numberInput("", { min: 0, max: 1, step: "any", name: "trail_stop", placeholder: "none" })
  const nField = field("Names held (N)", n)
  const fractileField = h("div", { class: "field-pair" }, field("Lower percentile", lo), field("Upper percentile", hi))
  const fields = h("div", { class: "sim-fields" },
    field("Positions", method), nField, fractileField, field("Side", side), field("Rebalance", resample),
    h("div", { class: "field-pair" }, field("Fee ratio", fee, "per trade, e.g. 0.001425"), field("Tax ratio", tax, "on sales")),
    h("div", { class: "field-pair" }, field("Stop loss", stop, "e.g. 0.10"), field("Take profit", take)),
    field("Trailing stop", trail, "e.g. 0.15"))

  function layout() {
    nField.hidden = method.value !== "top_n"
    fractileField.hidden = method.value !== "fractile"
    fields.classList.toggle("disabled", !enabled.checked)
  }

  function refresh() {
    layout()
    onChange()
  }

  const value = (): SimulationForm | undefined => {
    if (!enabled.checked) return undefined
    const chosen = method.value as SimulationForm["method"]
    const stopLoss = optionalNumber(stop)
    const takeProfit = optionalNumber(take)
    const trailStop = optionalNumber(trail)
    return {
      method: chosen,
      ...(chosen === "top_n" ? { n: Number(n.value) } : { fractile: [Number(lo.value), Number(hi.value)] as const }),
      side: side.value as SimulationForm["side"],
      resample: resample.value,
      fee_ratio: Number(fee.value),
      tax_ratio: Number(tax.value),
      ...(stopLoss === undefined ? {} : { stop_loss: stopLoss }),
      ...(takeProfit === undefined ? {} : { take_profit: takeProfit }),
      ...(trailStop === undefined ? {} : { trail_stop: trailStop })
    }
  }

  layout()
  return {
    element: h("details", { class: "simulation" }, h("summary", null, "Simulation (optional)"),
      h("label", { class: "choice" }, enabled, "Simulate a tradable portfolio"), fields),
    value,
    enabled: () => enabled.checked
  }
}
