"""UN Comtrade data as R's comtradr package returns it, saved with ``write.csv`` or ``readr::write_csv``.

Two generations, each read by the pipeline of the layout it renames (`geodata.trade.formats.comtrade_core`):

- comtradr ≥ 1.0, ``ct_get_data()`` (the Comtrade Plus API) with its tidy column names
  (``ct_pretty_cols``): ``type_code, freq_code, ref_period_id, ref_year, ref_month, period,
  reporter_code, reporter_iso, reporter_desc, flow_code, flow_desc, partner_code, ...,
  partner2code, ..., classification_code, ..., cmd_code, cmd_desc, aggr_level, is_leaf,
  customs_code, customs_desc, mos_code, mot_code, mot_desc, ..., net_wgt, ..., cifvalue, fobvalue,
  primary_value, legacy_estimation_flag, is_reported, is_aggregate`` — the Comtrade Plus rules;
- comtradr < 1.0, ``ct_search()`` (the legacy API): ``classification, year, period, period_desc,
  aggregate_level, is_leaf_code, trade_flow_code, trade_flow, reporter_code, reporter,
  reporter_iso, partner_code, ..., 2nd_partner_code, ..., customs_proc_code, customs,
  mode_of_transport_code, mode_of_transport, commodity_code, commodity, ..., netweight_kg,
  gross_weight_kg, trade_value_usd, cif_trade_value_usd, fob_trade_value_usd, flag`` — the legacy
  rules (flow codes 1–4, period YYYY or YYYYMM).

Column names are compared by `comtrade_core.column_key` (letters and digits, any case), so
``partner2code`` and ``partner2_code``, or janitor's ``trade_value_us`` and read.csv's
``X2nd.Partner.Code``, are the same column. R's ``NA`` means missing in every column: an NA net
weight is stored as null, a row whose value is NA is skipped and counted ("missing trade value"),
an NA mode of transport or second partner is a total. The row-name column ``write.csv`` adds
(header ``""``) is ignored, and numbers in R's scientific form (``1e+06``) read as numbers.
"""

from __future__ import annotations

from geodata.trade.formats import comtrade_legacy, comtrade_plus
from geodata.trade.formats.comtrade_core import ComtradeFormat
from geodata.trade.formats.comtrade_layout import column_key, snake_case

R_MISSING = ("NA",)
RESAVE = (
    "save the whole data frame comtradr returned (write.csv(df, path) or readr::write_csv(df, path)) "
    "without renaming or dropping columns"
)

#: comtradr ≥ 1.0: the Comtrade Plus columns in snake_case (comtradr itself writes partner2code).
PLUS_LAYOUT = comtrade_plus.LAYOUT.respelled(snake_case)
#: comtradr < 1.0: the legacy Comtrade columns, machine-readable.
LEGACY_LAYOUT = comtrade_legacy.LAYOUT.respelled(
    snake_case,
    value="trade_value_usd",
    aliases={"value": ("Trade Value (US$)",), "partner2": ("X2nd Partner Code", "second_partner_code")},
)


class ComtradrFormat(ComtradeFormat):
    """comtradr ≥ 1.0: Comtrade Plus data with tidy column names."""

    name = "comtradr"
    description = (
        "UN Comtrade Plus data saved from R's comtradr >= 1.0 (ct_get_data; write.csv or write_csv): "
        "ref_year, ref_month, reporter_code, partner_code, flow_code, cmd_code, primary_value, ..."
    )
    delimiters = (",", "\t")
    layout = PLUS_LAYOUT
    normalize = staticmethod(column_key)
    missing_values = R_MISSING
    fix_columns = RESAVE


class ComtradrLegacyFormat(ComtradeFormat):
    """comtradr < 1.0: legacy Comtrade data with machine-readable column names."""

    name = "comtradr_legacy"
    description = (
        "legacy UN Comtrade data saved from R's comtradr < 1.0 (ct_search) or re-saved by R: "
        "classification, year, period, trade_flow_code, reporter_code, partner_code, commodity_code, "
        "trade_value_usd, ..."
    )
    delimiters = (",", "\t")
    layout = LEGACY_LAYOUT
    normalize = staticmethod(column_key)
    missing_values = R_MISSING
    fix_columns = RESAVE


COMTRADR = ComtradrFormat()
COMTRADR_LEGACY = ComtradrLegacyFormat()
