"""Words shown to people, in English and Korean; code stays in English."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "rows_read": ("Rows read", "읽은 행"),
    "rows_accepted": ("Rows accepted", "사용한 행"),
    "rows_quarantined": ("Rows quarantined", "격리한 행"),
    "reason": ("Reason", "사유"),
    "count": ("Count", "건수"),
    "metric": ("Metric", "지표"),
    "ebm": ("Glass-box model (EBM)", "설명 가능한 모델(EBM)"),
    "baseline": ("Black-box baseline", "블랙박스 기준 모델"),
    "roc_auc": ("ROC AUC", "ROC AUC"),
    "pr_auc": ("PR AUC", "PR AUC"),
    "recall": ("Defects caught (recall)", "불량 검출률(재현율)"),
    "precision": ("Alarms that were defects (precision)", "경보 중 실제 불량(정밀도)"),
    "rmse": ("RMSE", "RMSE"), "mae": ("MAE", "MAE"), "r2": ("R²", "R²"),
    "driver": ("Driver", "요인"),
    "effect_pp": ("Average effect on defect risk (%p)", "불량 위험에 대한 평균 영향(%p)"),
    "effect_units": ("Average effect on the result", "결과에 대한 평균 영향"),
    "setting": ("Setting", "설정값"),
    "window": ("Operating window", "권장 운전 범위"),
    "outside": ("Parts outside", "범위 밖 부품"),
    "rate_inside": ("Defect rate inside", "범위 안 불량률"),
    "rate_outside": ("Defect rate outside", "범위 밖 불량률"),
    "value": ("Value", "값"),
    "defect_risk": ("Defect risk (%)", "불량 위험(%)"),
    "defect_rate": ("Observed defect rate (%)", "실제 불량률(%)"),
    "typical": ("typical part", "보통 부품"),
    "prediction": ("Prediction", "예측값"),
    "no_limit": ("no limit", "제한 없음"),
    "part": ("Part", "부품"),
    "part_effect": ("Effect on this part's risk (%p)", "이 부품의 위험에 대한 영향(%p)"),
    "part_effect_units": ("Effect on this part's result", "이 부품의 결과에 대한 영향"),
}


def t(key: str, language: str) -> str:
    """The text for a key in the given language ('ko' or 'en')."""
    en, ko = TEXTS[key]
    return ko if language == "ko" else en

SECTIONS: dict[str, tuple[str, str, str, str]] = {
    # key: (English title, English text, Korean title, Korean text)
    "data": ("Data", "The client's files were checked against the process spec: every value must be a number "
             "in its physical range and every result a known label. Rejected rows are kept in quarantine.csv "
             "with the reason; nothing is dropped silently.",
             "데이터", "고객 파일을 공정 기준과 대조했습니다. 모든 값은 물리적으로 가능한 범위의 숫자여야 하고, "
             "판정은 정해진 값이어야 합니다. 제외한 행은 사유와 함께 quarantine.csv에 보관합니다."),
    "model": ("Model quality", "A glass-box model (Explainable Boosting Machine) learned from the earlier parts "
              "and was tested on the latest ones, beside a black-box model on the same split.",
              "모델 성능", "설명 가능한 모델(EBM)을 앞선 기간의 부품으로 학습하고 가장 최근 부품으로 검증했습니다. "
              "같은 조건의 블랙박스 모델과 나란히 비교합니다."),
    "drivers": ("What drives defects", "Each factor's average effect on defect risk, in percentage points.",
                "불량의 주요 요인", "각 요인이 불량 위험에 주는 평균 영향(%p)입니다."),
    "shapes": ("Effect of each setting", "Defect risk as one setting changes while everything else stays at "
               "the typical part's value. The green band is the operating window.",
               "설정값별 영향", "다른 조건은 보통 부품 수준으로 두고 한 가지 설정만 바꿀 때의 불량 위험입니다. "
               "초록색 구간이 권장 운전 범위입니다."),
    "windows": ("Operating windows", "For each adjustable setting: the range where it keeps risk at or below "
                "the typical part's, how many parts ran outside it, and the defect rates actually observed.",
                "권장 운전 범위", "조정 가능한 설정마다 불량 위험이 보통 부품 이하로 유지되는 범위, 범위를 벗어난 "
                "부품 비율, 실제 관측된 불량률입니다."),
    "part": ("Why this part was at risk", "The riskiest part of the test period and what pushed its risk up.",
             "부품별 원인 분석", "검증 기간에 위험이 가장 높았던 부품과 그 위험을 높인 요인입니다."),
    "findings": ("Findings", "", "결론", ""),
    "artifacts": ("Artifacts", "Saved for the report, the app and the audit trail.",
                  "산출물", "보고서, 앱, 감사 기록을 위해 저장한 파일입니다."),
}


def section(key: str, language: str) -> tuple[str, str]:
    """(title, text) of a report section in the given language."""
    en_title, en_text, ko_title, ko_text = SECTIONS[key]
    return (ko_title, ko_text) if language == "ko" else (en_title, en_text)
