"""English text the data hands to English pages states money in CNY bn, never in 亿元."""
import pandas as pd
import pytest

from shaoxing import data as sxdata

# columns whose text the English pages print as it stands (plan items and scope notes on the
# progress tracker, fact scopes on the industry profiles)
# and the searches' findings on the sources page (a search query quoted as typed may keep its Chinese words)
SHOWN_EN = {"outcomes": ["plan_item_en", "scope_note_en"], "facts": ["scope_en"], "outcomes_searched": ["finding_en"]}


@pytest.mark.parametrize("name", sorted(SHOWN_EN))
def test_english_columns_state_money_in_cny_bn(name):
    frame = pd.read_csv(sxdata.data_dir() / f"{name}.csv", dtype=str)
    for col in SHOWN_EN[name]:
        text = frame[col].fillna("").str.replace(r"\(query [^)]*\)", "", regex=True)
        bad = frame.loc[text.str.contains("亿元"), col].tolist()
        assert bad == [], f"{name}.{col} gives money in 亿元 on English pages: {bad[:3]}"

