"""Generated Korean news articles: many distinct stories with no network and no data set.

Sentences are news-style (해라체) templates filled with a story's own names, nouns and
numbers, so every article is a different story to the near-duplicate grouping, and
every sentence is one blogwire can put in polite style. Used by the crash tests (more
to publish than the ten demo articles) and the property tests (posts made by the real
composer from generated text).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from blogwire.compose.korean import with_particle

SUBJECTS = (
    "가람시", "누리전자", "한빛은행", "다온건설", "세빛반도체", "바른병원", "새솔대학교", "미르항공",
    "하늘통신", "온누리재단", "별빛식품", "너울해운", "보라제약", "은하자동차", "초록에너지", "솔빛화학",
    "마루게임즈", "푸른농협", "해오름관광", "단비교육청", "여울소방본부", "노을백화점", "아라조선",
    "다솜카드", "이음로보틱스", "한결물산", "새봄출판", "윤슬바이오", "가온철강", "들꽃유통",
)  # fmt: skip
OBJECTS = (
    "신제품", "지원 사업", "요금 조정안", "투자 계획", "안전 대책", "연구 결과", "채용 계획", "수출 실적",
    "교육 과정", "복지 정책", "물류 센터", "전기 버스", "데이터 센터", "의료 장비", "청년 주택",
    "관광 상품", "배터리 공장", "반도체 설비", "농산물 직거래", "재난 훈련", "도서관 개관", "신약 후보",
    "친환경 선박", "결제 서비스", "돌봄 센터", "스마트 공장", "해외 노선", "문화 축제", "수소 충전소",
    "인공지능 서비스",
)  # fmt: skip
PEOPLE = (
    "김하늘", "이바다", "박서준", "최민서", "정우진", "강예린", "조현우", "윤지아", "장도윤", "임수아",
)  # fmt: skip

# {s}: the story's subject, {o}/{o2}: its two topics, {p}: a person; {n}/{m}/{d}: numbers.
TEMPLATES = (
    "{s_eun} {d}일 {o_eul} 공식 발표했다.",
    "{s_eun} 올해 {o}에 {n}억 원을 투입한다고 밝혔다.",
    "{p} {s} 대표는 “{o_i} 시장의 흐름을 바꿀 것”이라고 말했다.",
    "{o} 규모는 지난해보다 {n}% 늘었다.",
    "업계는 {s}의 {o_i} {o2} 분야에도 영향을 줄 것으로 내다봤다.",
    "{s_eun} {m}월부터 {o2_eul} 단계적으로 확대할 계획이다.",
    "이번 {o_eun} 전국 {n}개 지역에서 동시에 진행된다.",
    "{s} 관계자는 “{o2} 수요가 꾸준히 늘고 있다”고 설명했다.",
    "전문가들은 {o2}의 성과가 내년에 본격적으로 나타날 것이라고 전망했다.",
    "{s_eun} {o_wa} 관련한 시민 의견을 다음 달까지 받는다.",
    "{o2} 예산은 {n}억 원으로 책정됐다.",
    "{s_eun} 지난해 {o2} 부문에서 {n}억 원의 매출을 올렸다.",
    "{p} 연구위원은 {o_i} 지역 경제에 긍정적이라고 평가했다.",
    "{s_eun} {d}일까지 {o} 참가 신청을 받는다.",
    "{o2} 이용자는 하루 평균 {n}만 명에 이른다.",
    "{s_eun} 이번 결정이 {o2} 경쟁력을 높이는 계기가 될 것이라고 강조했다.",
)


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    title: str
    paragraphs: tuple[str, ...]
    subject: str

    def as_text(self) -> str:
        """A .txt source: the first line is the title."""
        return self.title + "\n\n" + "\n\n".join(self.paragraphs) + "\n"

    def as_html(self, url: str, *, image: str | None = None, date: str = "2026-11-20") -> str:
        image_meta = f'<meta property="og:image" content="{image}">' if image else ""
        body = "".join(f"<p>{p}</p>\n" for p in self.paragraphs)
        return (
            '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
            f"<title>{self.title} - 생성일보</title>"
            f'<meta property="og:title" content="{self.title}">'
            '<meta property="og:site_name" content="생성일보">'
            f'<link rel="canonical" href="{url}">{image_meta}'
            f'<meta property="article:published_time" content="{date}T09:00:00+09:00">'
            f"</head><body><article><h1>{self.title}</h1>\n{body}</article></body></html>"
        )


def generate_article(rng: random.Random, *, sentences: int = 14) -> GeneratedArticle:
    """One story: a subject, two topics and `sentences` news sentences about them."""
    subject = rng.choice(SUBJECTS)
    topic, topic2 = rng.sample(OBJECTS, 2)
    person = rng.choice(PEOPLE)
    words = {
        "s": subject,
        "s_eun": with_particle(subject, "은", "는"),
        "o": topic,
        "o_eul": with_particle(topic, "을", "를"),
        "o_eun": with_particle(topic, "은", "는"),
        "o_i": with_particle(topic, "이", "가"),
        "o_wa": with_particle(topic, "과", "와"),
        "o2": topic2,
        "o2_eul": with_particle(topic2, "을", "를"),
        "p": person,
    }
    order = [0, *rng.sample(range(1, len(TEMPLATES)), min(sentences, len(TEMPLATES)) - 1)]
    texts = [
        TEMPLATES[i].format(
            **words, n=rng.randint(2, 980), m=rng.randint(1, 12), d=rng.randint(1, 28)
        )
        for i in order
    ]
    paragraphs = tuple(" ".join(texts[i : i + 3]) for i in range(0, len(texts), 3))
    title = f"{subject}, {topic} 발표…{topic2} {rng.choice(('확대', '강화', '추진', '속도'))}"
    return GeneratedArticle(title, paragraphs, subject)
