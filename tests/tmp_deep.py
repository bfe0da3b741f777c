from hypothesis import given, settings, strategies as st
from tests.analysis.timeline.test_engine import problems, hands_for, oracle, horizon
from depgraph.analysis.timeline.hands import run_with_hands

@settings(max_examples=8000, deadline=None)
@given(st.data())
def test_deep(data):
    timed, events = data.draw(problems())
    hands = data.draw(hands_for(len(timed.restore)))
    assert run_with_hands(timed, events, hands) == oracle(timed, events, 2 * horizon(timed, events), hands)
