"""Text similarity and copied passages (内容雷同)."""

from __future__ import annotations

from nianbao.similarity import copied_passages, similarity


def test_identical_and_disjoint_texts():
    assert similarity("本机关持续推进政务公开工作", "本机关持续推进政务公开工作") == 1.0
    assert similarity("本机关持续推进政务公开工作", "天气晴朗适合出行游玩") == 0.0
    assert similarity("", "") == 1.0
    assert similarity("", "有内容") == 0.0


def test_similarity_ignores_spacing_and_is_symmetric():
    a = "一是加强组织领导，\n二是完善制度建设。"
    b = "一是加强组织领导， 二是完善制度建设。"
    assert similarity(a, b) == 1.0
    c = "一是加强组织领导，二是强化队伍培训。"
    assert 0.2 < similarity(a, c) < 0.9
    assert similarity(a, c) == similarity(c, a)


def test_copied_passages_as_printed_in_first_text():
    prev = "2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，不断完善公开制度，提升公开质量。"
    cur = "2023年，我局认真贯彻落实《中华人民共和国政府信息\n公开条例》，不断完善公开制度，新增了解读栏目。"
    got = copied_passages(cur, prev, min_chars=20)
    assert got == ["年，我局认真贯彻落实《中华人民共和国政府信息\n公开条例》，不断完善公开制度，"]


def test_short_common_runs_are_not_passages():
    assert copied_passages("加强组织领导，提升质量", "加强组织领导，改进作风", min_chars=20) == []
    assert copied_passages("短", "短", min_chars=20) == []
