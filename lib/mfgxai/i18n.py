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
}


def t(key: str, language: str) -> str:
    """The text for a key in the given language ('ko' or 'en')."""
    en, ko = TEXTS[key]
    return ko if language == "ko" else en
