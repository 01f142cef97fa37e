"""Deterministic, plausible Chinese names and posts for generated cadres."""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "建国",
    "志强",
    "秀英",
    "海燕",
    "明",
    "伟",
    "芳",
    "军",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "文",
    "华",
    "红",
    "丽",
    "斌",
    "鹏",
    "辉",
    "敏",
    "静",
    "晓东",
    "卫东",
    "春梅",
    "国庆",
    "建华",
    "立新",
    "永红",
    "振华",
    "德胜",
    "晓燕",
    "玉兰",
    "宏伟",
    "亚军",
    "志刚",
    "少华",
    "俊杰",
    "雪梅",
    "丽华",
    "凤英",
    "海涛",
    "文军",
    "国强",
)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def gender_for(rng: random.Random) -> str:
    return "FEMALE" if rng.random() < 0.3 else "MALE"
