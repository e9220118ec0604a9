"""detect_format: header sniffing, gzip by magic bytes, unknown headers, wrong delimiters, archives."""

from __future__ import annotations

import gzip

import pytest
from formats_helpers import FIXTURES, edited_copy, gzip_copy

from geodata.errors import IngestError
from geodata.trade.formats import KNOWN_FORMATS, detect_format


@pytest.mark.parametrize(
    "name, expected",
    [
        ("comtrade_plus_kaz_202303.csv", "comtrade_plus"),
        ("comtrade_legacy_kaz.csv", "comtrade_legacy"),
        ("full_v2_202301.dat", "comext"),
        ("BACI_HS17_Y2022_V202401.csv", "baci"),
    ],
)
def test_each_fixture_is_recognised(name, expected):
    assert detect_format(FIXTURES / name).name == expected


def test_gzip_is_recognised_by_magic_bytes_not_by_name(tmp_path):
    packed = gzip_copy(FIXTURES / "full_v2_202301.dat", tmp_path / "download.bin")
    assert detect_format(packed).name == "comext"


def test_bom_quotes_and_tabs_are_handled(tmp_path):
    text = (FIXTURES / "comtrade_plus_kaz_202303.csv").read_text(encoding="utf-8").splitlines()
    quoted = ",".join(f'"{h}"' for h in text[0].split(","))
    path = tmp_path / "bom.csv"
    path.write_text("\ufeff" + quoted + "\n" + "\n".join(text[1:]) + "\n", encoding="utf-8")
    assert detect_format(path).name == "comtrade_plus"
    tabbed = edited_copy(FIXTURES / "comtrade_plus_kaz_202303.csv", tmp_path / "bulk.txt", {}, delimiter="\t")
    assert detect_format(tabbed).name == "comtrade_plus"


def test_unknown_header_names_file_fields_and_known_formats(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text(
        "Year,Country,Product,Tonnes,Value,Currency,Source,Flag,Note,Extra\n2022,KZ,x,1,2,USD,a,b,c,d\n"
    )
    with pytest.raises(IngestError) as err:
        detect_format(path)
    message = str(err.value)
    assert "mystery.csv" in message
    assert "'Year', 'Country', 'Product', 'Tonnes', 'Value', 'Currency', 'Source', 'Flag'" in message
    assert "'Note'" not in message and "(10 fields)" in message
    for fmt in KNOWN_FORMATS:
        assert fmt.name in message and fmt.description in message


def test_known_columns_with_the_wrong_delimiter_say_found_and_expected(tmp_path):
    path = edited_copy(FIXTURES / "comtrade_legacy_kaz.csv", tmp_path / "excel.csv", {}, delimiter=";")
    with pytest.raises(IngestError) as err:
        detect_format(path)
    message = str(err.value)
    assert (
        "excel.csv" in message
        and "semicolon" in message
        and "comma" in message
        and "comtrade_legacy" in message
    )


def test_pipe_separated_baci_is_refused_with_both_delimiters(tmp_path):
    path = tmp_path / "BACI_HS17_Y2022_V202401.csv"
    path.write_text("t|i|j|k|v|q\n2022|398|643|854231|1.5|0.012\n")
    with pytest.raises(IngestError, match=r"pipe '\|'.*comma|comma.*pipe '\|'"):
        detect_format(path)


def test_archives_must_be_extracted_first(tmp_path):
    path = tmp_path / "full_v2_202301.7z"
    path.write_bytes(b"7z\xbc\xaf\x27\x1c" + b"\0" * 32)
    with pytest.raises(IngestError, match=r"7z archive.*extract it first"):
        detect_format(path)


def test_truncated_gzip_header_and_missing_file(tmp_path):
    data = gzip.compress(b"t,i,j,k,v,q\n" * 10)
    path = tmp_path / "cut.gz"
    path.write_bytes(data[:8])
    with pytest.raises(IngestError, match=r"cut.gz: the gzip stream ends early after line 0"):
        detect_format(path)
    with pytest.raises(IngestError, match="no such file"):
        detect_format(tmp_path / "absent.csv")
