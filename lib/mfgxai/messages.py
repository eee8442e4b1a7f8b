"""The message catalogue: every text shown to people, in English and Korean, under one key.

Placeholders are named; a Korean particle after one is written as its format spec ({name:은}, {value:으로}),
an English name inside a sentence as {name:lower}; numbers are formatted per locale (see i18n).
"""
from __future__ import annotations

from typing import NamedTuple


class Message(NamedTuple):
    en: str
    ko: str


_PAIRS: dict[str, tuple[str, str]] = {
    # the consulting loop: advice, new data against it, before and after
    "loop_rate_fell": ("The defect rate fell from {before} to {after} ({difference}; 95 % interval {low} to {high}).",
                       "불량률이 {before}에서 {after:으로} 낮아졌습니다(차이 {difference}, 95% 구간 {low} ~ {high})."),
    "loop_rate_rose": ("The defect rate rose from {before} to {after} ({difference}; 95 % interval {low} to {high}).",
                       "불량률이 {before}에서 {after:으로} 높아졌습니다(차이 {difference}, 95% 구간 {low} ~ {high})."),
    "loop_rate_unclear": ("The defect rate went from {before} to {after} ({difference}), but the data cannot tell yet "
                          "whether that is a real change: the 95 % interval {low} to {high} includes no change.",
                          "불량률이 {before}에서 {after:으로} 바뀌었지만({difference}), 95% 구간 {low} ~ {high}에 "
                          "변화 없음이 포함되어 아직 실제 변화인지 알 수 없습니다."),
    "loop_too_little": ("Too few {item}s or defects to tell whether the defect rate changed ({before:,} {item}s before the "
                        "advice, {after:,} after).",
                        "불량률이 바뀌었는지 판단하기에는 {item} 수나 불량 수가 너무 적습니다(조언 전 {before:,}개, 후 {after:,}개)."),
    "loop_adoption": ("{setting} ran inside its advised window {window} for {before} of {item}s before the advice and "
                      "{after} after.",
                      "{setting:은} 권장 범위 {window} 안에서 조언 전 {item}의 {before}, 조언 후 {after}가 작업되었습니다."),
    "loop_expected": ("From the settings alone the model expected the defect rate to go from {before} to {after}; "
                      "most of that comes from {settings}.",
                      "설정값만으로 모델이 예상한 불량률은 {before}에서 {after:으로}, 그 변화는 주로 {settings}에서 "
                      "나옵니다."),
    "loop_drift": ("The distribution of {setting:uncapital} changed (PSI {psi}): check whether the process or the export "
                   "changed.", "{setting} 분포가 바뀌었습니다(PSI {psi}). 공정이나 내보내기 형식이 바뀌었는지 확인하세요."),
    "loop_drift_windowed": ("The distribution of {setting:uncapital} changed (PSI {psi}). It is a setting the advised windows "
                            "are made of: retrain the model.",
                            "{setting} 분포가 바뀌었습니다(PSI {psi}). 권장 범위를 정한 주요 설정이므로 모델을 다시 "
                            "학습하세요."),
    "loop_drift_adopted": ("{setting} moved as advised (PSI {psi}): its shift is the advice followed, not a fault.",
                           "{setting:은} 조언대로 옮겨졌습니다(PSI {psi}). 이 변화는 조언을 따른 결과이며 이상이 아닙니다."),
    "loop_model_holds": ("The model still holds on the new data: ROC AUC {auc} (95 % interval {low}–{high}; a right "
                         "model would score {expected} on these {item}s, it scored {trained} when trained), predicted "
                         "defect rate {predicted} against {observed} observed.",
                         "새 데이터에서도 모델이 유효합니다: ROC AUC {auc}(95% 구간 {low}–{high}, 이 {item}들에서 기대되는 "
                         "값 {expected}, 학습 때 {trained}), 예측 불량률 {predicted}, 실제 {observed}."),
    "loop_retrain": ("Retrain the model: on the new data its ROC AUC is {auc} (95 % interval {low}–{high}; a right model "
                     "would score {expected} on these {item}s, it scored {trained} when trained) and it predicts a defect "
                     "rate of {predicted} against {observed} observed.",
                     "모델을 다시 학습하세요: 새 데이터에서 ROC AUC는 {auc}(95% 구간 {low}–{high}, 이 {item}들에서 기대되는 "
                     "값 {expected}, 학습 때 {trained}), 예측 불량률은 {predicted}, 실제는 {observed}입니다."),
    # what changed since the advice: the report's section and the app's Progress tab
    "changes_heading": ("What changed since the advice of {date}", "{date} 조언 이후 달라진 점"),
    "changes_basis": ("Advice from run {run}. Before the advice: {before}. Since the advice: {after}.",
                      "조언의 근거 실행: {run}. 조언 전 데이터: {before}. 조언 후 데이터: {after}."),
    "changes_note": ("Agreed with the client: {note}", "고객과 합의한 내용: {note}"),
    "changes_before": ("Before the advice", "조언 전"),
    "changes_after": ("Since the advice", "조언 후"),
    "changes_difference": ("Change", "변화"),
    "changes_parts": ("{item:capital}s", "{item} 수"),
    "changes_defects": ("Defects", "불량 수"),
    "changes_rate": ("Defect rate", "불량률"),
    "changes_interval": ("95 % interval", "95% 구간"),
    "changes_interval_value": ("{low} to {high}", "{low} ~ {high}"),
    "changes_rate_title": ("Defect rate before and since the advice", "조언 전후의 불량률"),
    "changes_adoption_title": ("The advice followed: {item}s inside each advised window",
                               "조언 이행: 권장 범위 안에서 작업된 {item} 비율"),
    "changes_inside_before": ("Inside, before", "범위 안(전)"),
    "changes_inside_after": ("Inside, since", "범위 안(후)"),
    "changes_cpk_before": ("Cpk before", "Cpk(전)"),
    "changes_cpk_after": ("Cpk since", "Cpk(후)"),
    "changes_rate_inside": ("Defect rate inside, since", "범위 안 불량률(후)"),
    "changes_rate_outside": ("Defect rate outside, since", "범위 밖 불량률(후)"),
    "changes_drift_title": ("Drift: is the new data still like the data the model learnt from?",
                            "데이터 변화: 새 데이터가 모델이 학습한 데이터와 여전히 같은가?"),
    "changes_psi": ("PSI", "PSI"),
    "changes_test": ("Test", "검정"),
    "changes_test_ks": ("Kolmogorov–Smirnov", "콜모고로프–스미르노프"),
    "changes_test_chi-square": ("chi-square", "카이제곱"),
    "changes_p_value": ("p-value", "p값"),
    "changes_outside_trained": ("Outside the trained range", "학습 범위 밖"),
    "changes_reading": ("Reading", "판정"),
    "changes_level_stable": ("stable", "안정"),
    "changes_level_moderate": ("moderate shift", "중간 변화"),
    "changes_level_major": ("major shift", "큰 변화"),
    "changes_level_adopted": ("moved as advised", "조언대로 이동"),
    "changes_model_title": ("The model on the new data", "새 데이터에서의 모델"),
    "changes_auc_after": ("ROC AUC on the {item}s since the advice (95 % interval)",
                          "조언 후 {item}에서의 ROC AUC(95% 구간)"),
    "changes_auc_expected": ("ROC AUC a right model would score on these {item}s",
                             "맞는 모델이 이 {item}에서 낼 ROC AUC"),
    "changes_auc_trained": ("ROC AUC when trained", "학습 때 ROC AUC"),
    "changes_predicted": ("Predicted defect rate", "예측 불량률"),
    "changes_observed": ("Observed defect rate (95 % interval)", "실제 불량률(95% 구간)"),
    "changes_verdict": ("Verdict", "판정"),
    "changes_holds": ("the model holds", "모델 유효"),
    "changes_retrain": ("retrain the model", "모델 재학습 필요"),
    "app_progress_pp": ("(changes in percentage points{pp})", "(변화는 %p{pp} 단위)"),
    "app_p_chart": ("The defect rate week by week: a p-chart{chart_p_chart}", "주별 불량률: p 관리도{chart_p_chart}"),
    "changes_chart_title": ("Weekly defect rate (p-chart; centre line and 3-sigma limits from before the advice)",
                            "주별 불량률(p 관리도, 중심선과 3시그마 한계는 조언 전 기준)"),
    "changes_week": ("Week", "주"),
    "changes_weekly_rate": ("Defect rate (%)", "불량률(%)"),
    "changes_limits": ("3-sigma limits", "3시그마 한계"),
    "changes_centre": ("Centre line (before)", "중심선(조언 전)"),
    "changes_signal": ("Outside the limits", "한계 밖"),
    "rows_read": ("Rows read", "읽은 행"),
    "rows_accepted": ("Rows accepted", "사용한 행"),
    "rows_quarantined": ("Rows quarantined", "격리한 행"),
    "reason": ("Reason", "사유"),
    "read_notes": ("How the files were read: conversions and rows left out",
                   "파일을 읽은 방식: 단위 변환과 제외한 행"),
    # quarantine reasons (a row's reason names its value; the kind groups reasons for counting)
    "q_not_number": ("{column}: '{value}' is not a number{unit_in}", "{column}: '{value}'은(는) 숫자가 아닙니다{unit_in}"),
    "q_not_number_kind": ("{column}: not a number{unit_in}", "{column}: 숫자가 아님{unit_in}"),
    "unit_welds": ("welds", "타점"), "unit_strokes": ("strokes", "타"),  # units that are counted things
    "q_unit_in": (" in {unit}", " (단위 {unit})"),
    "q_not_time": ("{column}: '{value}' is not a date/time", "{column}: '{value}'은(는) 날짜/시간이 아닙니다"),
    "q_not_time_kind": ("{column}: not a date/time", "{column}: 날짜/시간이 아님"),
    "q_outside": ("{column}: {value}{unit} is outside the physical range {low}–{high}{unit}{hint}",
                  "{column}: {value}{unit}은(는) 물리 범위({low}–{high}{unit})를 벗어났습니다{hint}"),
    "q_outside_kind": ("{column}: outside the physical range {low}–{high}{unit}",
                       "{column}: 물리 범위 {low}–{high}{unit} 밖"),
    "q_unit_slip": (" (looks like {base}, expected {unit})", " ({base} 단위로 보임, {unit} 단위여야 함)"),
    "q_result_missing": ("{column}: missing or not a number", "{column}: 값이 없거나 숫자가 아님"),
    "q_label": ("{column}: label is not a defect label ({positive}) or a good label ({negative})",
                "{column}: 불량 표시({positive})도 양품 표시({negative})도 아닌 값"),
    "q_duplicate": ("duplicate of row {row}", "{row}행과 같은 중복 행"),
    "q_duplicate_kind": ("duplicate of an earlier row", "앞 행과 같은 중복 행"),
    "q_unit_converted": ("{column}: {conversion}", "{column}: {conversion}"),
    "q_own_categories": ("{column}: values {values} are not among {spec}; kept as the client's own categories",
                         "{column}: {values} 값은 {spec}에 없어 고객사 고유 분류로 유지했습니다"),
    "q_no_reading": ("{column}: {count} cells hold {value}, the machine's 'no reading': read as missing",
                     "{column}: 설비의 '측정 없음' 값 {value}인 {count}칸을 결측으로 읽었습니다"),
    "q_no_value": ("{column}: no accepted row holds a value (only gaps or the machine's 'no reading'); left out of "
                   "the model", "{column}: 값이 있는 행이 없습니다(빈칸 또는 설비의 '측정 없음' 값뿐). 모델에서 제외했습니다"),
    "q_constant": ("{column}: every accepted row holds the same value ({value}{unit}); it cannot explain defects",
                   "{column}: 받아들인 모든 행의 값이 같습니다({value}{unit}). 불량을 설명할 수 없습니다"),
    "count": ("Count", "건수"),
    "metric": ("Metric", "지표"),
    "ebm": ("Glass-box model (EBM)", "설명 가능한 모델(EBM)"),
    "baseline": ("Black-box baseline", "블랙박스 기준 모델"),
    "roc_auc": ("ROC AUC", "ROC AUC"),
    "pr_auc": ("PR AUC", "PR AUC"),
    "recall": ("Defects caught (recall)", "불량 검출률(재현율)"),
    "precision": ("Alarms that were defects (precision)", "경보 중 실제 불량(정밀도)"),
    "rmse": ("RMSE", "RMSE"), "mae": ("MAE", "MAE"), "r2": ("R²", "R²"),
    "cv_metric": ("{metric}, {folds}-fold cross-validation × {repeats} (mean ± sd)",
                  "{metric}, {folds}겹 교차검증 × {repeats}회(평균 ± 표준편차)"),
    "driver": ("Driver", "요인"),
    "effect_pp": ("Average effect on defect risk (pp)", "불량 위험에 대한 평균 영향(%p)"),
    "effect_units": ("Average effect on the result", "결과에 대한 평균 영향"),
    "setting": ("Setting", "설정값"),
    "window": ("Operating window", "권장 운전 범위"),
    "outside": ("Share outside", "범위 밖 비율"),
    "rate_inside": ("Defect rate inside", "범위 안 불량률"),
    "rate_outside": ("Defect rate outside", "범위 밖 불량률"),
    "value": ("Value", "값"),
    "defect_risk": ("Defect risk (%)", "불량 위험(%)"),
    "defect_rate": ("Observed defect rate (%)", "실제 불량률(%)"),
    "typical": ("Typical {item}", "보통 {item}"),  # a label: the row of a waterfall, beside a risk
    "prediction": ("Prediction", "예측값"),
    "part": ("{item:capital}", "{item}"),
    "part_effect": ("Effect against the average {item} (pp)", "평균 {item} 대비 영향(%p)"),
    "part_effect_units": ("Effect against the average {item}", "평균 {item} 대비 영향"),
    "reasons_measure": ("Each effect weighs one setting alone: this {item}'s {what} minus its {what} with that setting "
                        "contributing what it does on average over all {item}s, the other settings as they are.",
                        "영향은 설정 하나씩 따로 잰 값입니다: 이 {item}의 {what}에서, 그 설정만 전체 {item} 평균만큼 "
                        "작용할 때(다른 설정은 그대로)의 {what:을} 뺀 값입니다."),
    "reasons_vs_waterfall": ("The waterfall above measures otherwise: it starts from a typical {item} (every setting at "
                             "its usual value) and adds the settings one after another, so the same setting shows "
                             "another number there.",
                             "위의 단계 그래프는 다르게 잽니다: 보통 {item}(모든 설정이 평소 값)에서 시작해 설정을 차례로 "
                             "더하므로, 같은 설정이라도 그곳의 숫자는 다릅니다."),
    # app: tabs, figures and controls of the client managers' web app
    "app_title": ("Quality insights", "품질 분석"),
    "app_logout": ("Log out", "로그아웃"),
    "app_loading": ("Loading…", "불러오는 중…"),
    "app_login_title": ("This link is missing its key", "이 링크에는 접속 키가 없습니다"),
    "app_login_text": ("Open the app with the whole link you were sent (it ends in ?token=…), or paste the key from "
                       "that link here.", "받은 링크 전체(끝에 ?token=…이 붙은 주소)로 여시거나, 그 링크의 접속 키를 "
                       "여기에 붙여 넣으세요."),
    "app_login_token": ("Key (token)", "접속 키(token)"),
    "app_login_open": ("Open", "열기"),
    "app_login_wrong": ("This key does not open this app.", "이 앱을 여는 접속 키가 아닙니다."),
    "app_overview": ("Overview", "개요"),
    "app_drivers": ("Drivers", "주요 요인"),
    "app_effects": ("Effect of a setting", "설정값별 영향"),
    "app_download_card": ("⤓ Window card for the machine (PDF)", "⤓ 설비용 운전 범위 카드(PDF)"),
    "app_download_plan": ("⤓ Control-plan extract (XLSX)", "⤓ 관리계획서 초안(XLSX)"),
    "app_part": ("{item:capital} explainer", "{item} 원인 분석"),
    "app_whatif": ("What-if", "가상 실험"),
    "app_map": ("Two-setting window", "두 설정의 권장 영역"),
    "app_quality": ("Model quality", "모델 성능"),
    "app_progress": ("Progress", "진행 상황"),
    "app_cutoff": ("Alarm level (%)", "경보 기준(%)"),
    "app_actually_defective": ("Actually defective", "실제 불량"),
    "app_actually_good": ("Actually good", "실제 양품"),
    "app_alarm": ("Alarm raised", "경보 발생"),
    "app_no_alarm": ("No alarm", "경보 없음"),
    "app_quality_sentence": ("At {cutoff:a} alarm level the model catches {caught:,} of {defects:,} defective {item}s "
                             "({recall}) and {precision} of its alarms are real defects; it raises an alarm for "
                             "{alarms} of {item}s.",
                             "경보 기준을 {cutoff}로 두면 모델은 불량 {defects:,}개 중 {caught:,}개({recall})를 "
                             "잡아내고, 경보의 {precision}가 실제 불량입니다. 전체 {item}의 {alarms}에 경보가 "
                             "울립니다."),
    "app_quality_silent": ("At {cutoff:a} alarm level the model raises no alarm and misses all {defects:,} "
                           "defective {item}s.",
                           "경보 기준을 {cutoff}로 두면 경보가 한 번도 울리지 않아 불량 {item} {defects:,}개를 모두 "
                           "놓칩니다."),
    "app_roc": ("Defects caught against false alarms (AUC {auc:.2f})", "불량 검출률과 잘못된 경보(AUC {auc:.2f})"),
    "app_pr": ("Defects caught against alarm accuracy (AP {ap:.2f})", "불량 검출률과 경보 정확도(AP {ap:.2f})"),
    "app_caught_axis": ("Defects caught (%)", "불량 검출률(%)"),
    "app_false_alarm_axis": ("Good {item}s with an alarm (%)", "경보가 울린 양품 {item} 비율(%)"),
    "app_precision_axis": ("Alarms that were defects (%)", "경보 중 실제 불량(%)"),
    "app_current_cutoff": ("This alarm level", "현재 경보 기준"),
    "app_observed": ("Observed", "실측값"),
    "app_errors_sentence": ("On the {n:,} latest {item}s the predictions were off by {mae} on average "
                            "(root mean square error {rmse}).",
                            "최근 {item} {n:,}개에서 예측값은 실측값과 평균 {mae}만큼 차이가 났습니다"
                            "(평균 제곱근 오차 {rmse})."),
    "app_risk_now": ("Defect risk with these settings", "이 설정의 불량 위험"),
    "app_output_now": ("Prediction with these settings", "이 설정의 예측값"),
    "app_defect": ("defect", "불량"),
    "app_good": ("good", "양품"),
    "app_adjustable": ("Adjustable settings", "조정 가능한 설정"),
    "app_conditions": ("Conditions", "조건"),
    "app_reset": ("Back to the typical {item}", "보통 {item:으로} 되돌리기"),
    "app_try": ("Try changes in the what-if", "가상 실험에서 바꿔 보기"),
    "app_suggestions": ("Move into the operating window", "권장 운전 범위로 옮기기"),
    "app_all_inside": ("Every adjustable setting is inside its operating window.",
                       "조정 가능한 설정이 모두 권장 운전 범위 안에 있습니다."),
    "app_curve_along": ("Risk along", "위험 변화"),
    "app_curve_along_values": ("Prediction along", "예측값 변화"),
    "app_curve_caption": ("The curve{chart_curve} in red: these settings, one setting moved across its range; grey: the "
                          "typical {item}. Dashed: the current value; green: the operating window{window}.",
                          "곡선{chart_curve}의 빨간 선: 이 설정에서 한 가지 설정만 범위 전체로 바꿀 때, 회색 선: 보통 "
                          "{item}. 점선: 현재 값, 초록색: 권장 운전 범위{window}."),
    "app_curve_others": ("Thin grey: {others} other held-out {item}s, each with its own settings.",
                         "가는 회색 선: 설정이 서로 다른 검증용 {item} {others}개."),
    "app_random_part": ("A random {item}", "무작위 {item}"),
    "app_page_ended": ("This page was closed on the server to free memory: it was left alone, or too many pages were "
                       "open. Reload it to continue.",
                       "메모리를 비우려고 서버에서 이 페이지를 닫았습니다. 오래 쓰지 않았거나 열린 페이지가 너무 많았습니다. "
                       "계속하려면 새로 고침하세요."),
    "app_not_ready": ("The analysis for {client} is not ready yet.", "{client}의 분석 결과가 아직 준비되지 않았습니다."),
    "app_not_ready_hint": ("It appears here as soon as the first analysis has finished.",
                           "첫 분석이 끝나면 이곳에 바로 표시됩니다."),
    "app_consultant_hint": ("Consultant: run `mfgxai run {slug}`, then reload this page.",
                            "컨설턴트: `mfgxai run {slug}`을 실행한 뒤 이 페이지를 새로 고치세요."),
    "app_no_run": ("No finished analysis for this process yet.", "이 공정은 아직 완료된 분석이 없습니다."),
    "app_old_run": ("The latest analysis was saved before the app existed: run it again to show it here.",
                    "최근 분석이 앱 이전 형식으로 저장되었습니다. 다시 실행하면 이곳에 표시됩니다."),
    # charts and the app: one risk language, honest uncertainty, flow
    "chart_effect_line": ("Model's estimate", "모델 추정값"),
    "chart_band": ("Range over the model's bags", "모델 반복 학습 간 범위"),
    "chart_window": ("Operating window (edges found)", "권장 운전 범위(확인된 경계)"),
    "chart_little_data": ("Little data", "데이터가 적은 구간"),
    "chart_alarm_line": ("Alarm level {level}", "경보 기준 {level}"),
    "app_curve_band": ("The shaded band is how far the model's repeated fits disagree{bag_spread}; the grey strip below "
                       "counts the {item}s under each stretch of the curve, hatched where there were too few to trust "
                       "it.",
                       "옅은 띠는 모델을 반복 학습했을 때 결과가 달라진 범위{bag_spread}이고, 아래 회색 막대는 곡선의 "
                       "각 구간에 있던 {item} 수입니다. 빗금 친 곳은 믿기에는 데이터가 적은 구간입니다."),
    "app_apply_all": ("Apply all suggestions", "제안을 모두 적용"),
    "app_combined": ("With every suggestion applied: {risk}", "제안을 모두 적용하면: {risk}"),
    "app_loaded_part": ("{item:capital} {part} loaded: its settings, its top reason's curve.",
                        "{item} {part:을} 불러왔습니다. 설정값과 가장 큰 원인의 곡선을 보여 줍니다."),
    "app_typical_loaded": ("The typical {item}'s settings.", "보통 {item}의 설정입니다."),
    "app_find_part": ("Find a {item}", "{item} 찾기"),
    "app_find_hint": ("{item:capital} number or date, e.g. 2026-03-05", "{item} 번호 또는 날짜(예: 2026-03-05)"),
    "app_found": ("{found:,} of {total:,} held-out {item}s match, riskiest first{shown}.",
                  "검증 {item} {total:,}개 중 {found:,}개가 맞습니다. 위험이 높은 순서입니다{shown}."),
    "app_found_shown": (" (the first {shown:,} listed)", "(앞의 {shown:,}개 표시)"),
    "app_found_none": ("No held-out {item} matches '{query}'.", "'{query}'에 맞는 검증 {item:이} 없습니다."),
    "app_found_all": ("All {total:,} held-out {item}s, riskiest first{shown}.",
                      "검증 {item} {total:,}개 전체, 위험이 높은 순서입니다{shown}."),
    "app_this_part": ("This {item}", "이 {item}"),
    "app_waterfall_note": ("Measured from a typical {item} (every setting at its usual value): each step adds one "
                           "setting's score in this order; risk is not additive, so a step's size in points depends on "
                           "the steps before it, and differs from the same setting's effect in the table below.",
                           "보통 {item}(모든 설정이 평소 값)에서 잰 값입니다: 위에서부터 설정 하나씩 점수를 더한 단계이며, "
                           "위험은 단순히 더해지지 않으므로 각 단계의 %p 크기는 앞 단계에 따라 달라지고 아래 표의 같은 "
                           "설정의 영향과도 다릅니다."),
    "app_waterfall": ("From the typical {item}'s risk to this {item}'s", "보통 {item}의 위험에서 이 {item}의 위험까지"),
    "app_waterfall_rest": ("{n} other settings", "나머지 설정 {n}개"),
    "app_caught": ("caught", "검출"),
    "app_missed": ("missed", "놓침"),
    "app_false_alarm": ("false alarms", "잘못된 경보"),
    "app_passed": ("rightly passed", "정상 통과"),
    # ⓘ beside a chart or a word of jargon: what it is, in plain words (mfgxai.app.info)
    "info_label": ("What does this mean?", "무슨 뜻인가요?"),
    "info_risk": ("defect risk", "불량 위험"),
    "info_value": ("predicted result", "예측값"),
    "info_chart_drivers": ("Each bar is one setting, or two acting together: how far it moves the {what} of a {item} "
                           "up or down on average over the latest {item}s. A longer bar matters more. Which values are "
                           "good is on the tab of each setting's effect.",
                           "막대 하나가 설정 하나(또는 함께 작용하는 두 설정)입니다. 최근 {item}에서 그 설정이 {what:을} "
                           "평균적으로 얼마나 올리거나 내리는지 나타내며, 막대가 길수록 중요합니다. 어떤 값이 좋은지는 "
                           "설정값별 영향 탭에서 봅니다."),
    "info_chart_effect": ("The line is the model's {what} as this one setting changes, every other setting held at a "
                          "typical {item}'s value. The pale band around it shows how sure the model is; the grey strip "
                          "below counts the {item}s behind each stretch of the line (hatched: too few to trust). Green "
                          "is the operating window, drawn only where an edge was found.",
                          "선은 다른 설정을 보통 {item} 값에 두고 이 설정 하나만 바꿀 때 모델이 추정한 {what}입니다. "
                          "선 주위의 옅은 띠는 모델이 얼마나 확실한지, 아래 회색 막대는 선의 각 구간을 뒷받침하는 "
                          "{item} 수를 보여 줍니다(빗금: 믿기에는 적음). 초록색은 경계가 확인된 곳에만 칠한 권장 운전 "
                          "범위입니다."),
    "info_chart_curve": ("How the {what} would change if only the chosen setting were moved and every other setting "
                         "stayed as it is now (the coloured line), next to a typical {item} (grey). Where the line is "
                         "steep a small move matters; where it is flat it does not.",
                         "다른 설정은 지금 그대로 두고 고른 설정 하나만 움직일 때 {what:이} 어떻게 바뀌는지(색 선)를 "
                         "보통 {item}(회색)과 나란히 보여 줍니다. 선이 가파른 곳에서는 조금만 움직여도 달라지고, 평평한 "
                         "곳에서는 거의 달라지지 않습니다."),
    "info_chart_waterfall": ("Starts at the typical {item}'s {what} and adds this {item}'s settings one at a time, "
                             "the largest change first, until it reaches this {item}'s own. Orange steps raise it, "
                             "blue steps lower it.",
                             "보통 {item}의 {what}에서 시작해 이 {item}의 설정을 변화가 큰 것부터 하나씩 더해 이 "
                             "{item}의 값에 이릅니다. 주황색 단계는 올리고 파란색 단계는 내립니다."),
    "info_chart_reasons": ("Each row is one of this {item}'s settings: its value, its operating window and how far it "
                           "pushes the {what} up (orange) or down (blue) against the average {item}: that setting alone, "
                           "against what it contributes on average over all {item}s. Every bar is drawn on one scale, "
                           "so a long bar is a large effect whichever {item} is shown.",
                           "한 줄이 이 {item}의 설정 하나입니다. 그 값, 권장 운전 범위, 그리고 그 설정 하나가 전체 "
                           "{item} 평균보다 {what:을} 얼마나 올리는지(주황) 내리는지(파랑)를 보여 줍니다. 모든 막대가 "
                           "같은 눈금이라 어느 {item}에서든 긴 막대는 큰 영향입니다."),
    "info_chart_map": ("Each square's colour is the model's {what} when these two settings take those values together, "
                       "everything else at a typical {item}'s. A colour means the same risk on every map. Green dashes "
                       "are each setting's window edges; the black line is the alarm level.",
                       "칸마다의 색은 두 설정이 그 값을 함께 가질 때(나머지는 보통 {item} 수준) 모델이 추정한 "
                       "{what}입니다. 같은 색은 어느 지도에서나 같은 위험입니다. 초록 점선은 각 설정의 범위 경계, "
                       "검은 선은 경보 기준입니다."),
    "info_chart_alarm": ("Left: lowering the alarm level catches more defects (up) but also alarms on more good "
                         "{item}s (right); the nearer the curve comes to the top-left corner, the better. Right: of the "
                         "alarms raised, the share that were real defects. The dot marks the alarm level set above.",
                         "왼쪽: 경보 기준을 낮추면 불량을 더 많이 잡지만(위로) 양품 {item}에도 경보가 더 울립니다"
                         "(오른쪽으로). 곡선이 왼쪽 위 모서리에 가까울수록 좋습니다. 오른쪽: 울린 경보 중 실제 불량의 "
                         "비율입니다. 점은 위에서 정한 경보 기준입니다."),
    "info_chart_values": ("Each dot is one of the latest {item}s: its measured result (across) against the model's "
                          "prediction (up). On the diagonal the prediction was exact; the farther from it, the larger "
                          "the error.",
                          "점 하나가 최근 {item} 하나입니다. 가로는 실측값, 세로는 모델의 예측값입니다. 대각선 위는 "
                          "정확히 맞힌 것이고, 멀어질수록 오차가 큽니다."),
    "info_chart_p_chart": ("The defect rate of each week, before and since the advice (a p-chart). The dashed 3-sigma "
                           "limits are how far a week's rate may stray from the earlier level by chance alone; a ringed "
                           "week outside them is a real change, not luck.",
                           "조언 전후의 주별 불량률입니다(p 관리도). 점선 3시그마 한계는 우연만으로도 이전 수준에서 벗어날 "
                           "수 있는 폭이며, 그 밖에서 동그라미 친 주는 운이 아니라 실제 변화입니다."),
    "info_roc_auc": ("ROC AUC: the chance that the model rates a defective {item} picked at random as riskier than a "
                     "good one picked at random. 0.5 is guessing, 1.0 is perfect.",
                     "ROC AUC: 무작위로 고른 불량 {item:을} 무작위로 고른 양품 {item}보다 모델이 더 위험하다고 볼 "
                     "확률입니다. 0.5는 찍기와 같고 1.0은 완벽합니다."),
    "info_ap": ("AP (average precision): the share of the model's alarms that are real defects, averaged over every "
                "alarm level. Guessing scores about the defect rate; 1.0 is perfect.",
                "AP(평균 정밀도): 모델의 경보 중 실제 불량인 비율을 모든 경보 기준에 걸쳐 평균한 값입니다. 찍으면 "
                "불량률 정도가 나오고 1.0이 완벽합니다."),
    "info_rmse": ("RMSE (root mean square error): the typical size of a prediction's error, in the result's unit; "
                  "large misses weigh more than small ones.",
                  "RMSE(평균 제곱근 오차): 예측이 보통 얼마나 빗나가는지를 결과의 단위로 나타낸 값이며, 크게 빗나간 "
                  "것일수록 더 무겁게 셉니다."),
    "info_psi": ("PSI (population stability index): how much the spread of a setting's values shifted between two "
                 "periods. Below 0.1 little changed; above 0.25 the shift is large and worth checking.",
                 "PSI(분포 안정성 지수): 두 기간 사이에 설정값의 분포가 얼마나 바뀌었는지입니다. 0.1 미만이면 거의 "
                 "그대로이고, 0.25를 넘으면 크게 바뀐 것이라 확인할 만합니다."),
    "info_cpk": ("Cpk: how comfortably a setting stays inside its window: the distance from its average to the nearer "
                 "edge in units of three standard deviations. 1.33 or more is comfortable; below 1 many {item}s fall "
                 "outside.",
                 "Cpk: 설정값이 범위 안에 얼마나 여유 있게 머무는지입니다. 평균에서 가까운 경계까지의 거리를 표준편차의 "
                 "3배로 나눈 값으로, 1.33 이상이면 여유가 있고 1 미만이면 범위를 벗어나는 {item:이} 많습니다."),
    "info_alarm_level": ("Alarm level: the defect risk above which the model flags a {item} for a check. Lower it to "
                         "catch more defects at the cost of checking more good {item}s; raise it for fewer, surer "
                         "alarms.",
                         "경보 기준: 모델이 {item:을} 점검 대상으로 표시하는 불량 위험의 기준입니다. 낮추면 불량을 더 "
                         "많이 잡지만 양품도 더 많이 점검하게 되고, 높이면 경보가 줄고 더 확실해집니다."),
    "info_window": ("Operating window: the range of a setting inside which defects stay rare, found in the data and "
                    "kept only where both the model and the observed defect rates support its edge. A setting without "
                    "such an edge gets no window.",
                    "권장 운전 범위: 그 안에서는 불량이 드문 설정값의 범위입니다. 데이터에서 찾고, 모델과 실제 불량률이 "
                    "모두 뒷받침하는 경계만 남깁니다. 그런 경계가 없는 설정에는 범위가 없습니다."),
    "info_bag_spread": ("Bag spread: the model was fitted several times on resampled data (its 'bags'); the band shows "
                        "how far those fits disagree. A wide band means the data say little there: do not read a bump "
                        "inside it as physics.",
                        "반복 학습 간 범위: 모델을 데이터를 바꿔 뽑아 여러 번 학습했고, 띠는 그 결과들이 얼마나 "
                        "다른지 보여 줍니다. 띠가 넓은 곳은 데이터가 말해 주는 것이 적으니 그 안의 굴곡을 물리 현상으로 "
                        "읽지 마세요."),
    "info_p_value": ("p-value: how likely a difference at least this large would be if nothing had really changed. "
                     "Below 0.05 chance alone is an unlikely explanation; a large p-value means the data cannot tell.",
                     "p값: 실제로는 아무것도 바뀌지 않았을 때 이만큼 이상의 차이가 우연히 나올 확률입니다. 0.05 미만이면 "
                     "우연으로 보기 어렵고, 크면 데이터로는 아직 판단할 수 없다는 뜻입니다."),
    "info_interval": ("95 % interval: the range the true value lies in with 95 % confidence, given how many {item}s "
                      "were counted. A change whose interval includes zero may be chance.",
                      "95% 구간: 센 {item} 수를 고려할 때 참값이 95% 확신으로 들어 있는 범위입니다. 변화의 구간에 0이 "
                      "들어 있으면 우연일 수도 있습니다."),
    "info_drift_test": ("Test: a statistical check of whether a setting's values since the advice could come from the "
                        "same spread as before: Kolmogorov–Smirnov for numbers, chi-square for categories. Its p-value "
                        "says how surprising the difference is.",
                        "검정: 조언 이후의 설정값이 이전과 같은 분포에서 나왔다고 볼 수 있는지 확인하는 통계 검정입니다. "
                        "숫자에는 콜모고로프–스미르노프, 범주에는 카이제곱을 씁니다. p값이 그 차이가 얼마나 뜻밖인지 "
                        "말해 줍니다."),
    "info_expected_auc": ("What a right model would score: the ROC AUC expected on these very {item}s if the model's "
                          "risks were exactly true. Far below it on the new data, the model no longer fits the "
                          "process and should be retrained.",
                          "맞는 모델이라면 받을 점수: 모델의 위험이 정확히 맞다면 바로 이 {item}에서 기대되는 ROC "
                          "AUC입니다. 새 데이터의 값이 이보다 크게 낮으면 모델이 더는 공정에 맞지 않으니 다시 학습해야 "
                          "합니다."),
    "term_alarm_level": ("alarm level", "경보 기준"),
    "term_roc_auc": ("ROC AUC", "ROC AUC"),
    "term_ap": ("AP", "AP"),
    "term_rmse": ("RMSE", "RMSE"),
    "term_window": ("operating window", "권장 운전 범위"),
    "info_pp": ("pp (percentage points): the difference between two percentages. From 2 % to 5 % is +3 pp, not +150 %.",
                "%p(퍼센트포인트): 두 백분율의 차이입니다. 2%에서 5%로 오르면 +3%p이며, +150%가 아닙니다."),
    # reports: cover, contents and appendices
    "run_report": ("Explainable AI analysis report", "설명 가능한 AI 분석 보고서"),
    "portfolio_report": ("Explainable AI portfolio report", "설명 가능한 AI 종합 보고서"),
    "client": ("Client", "고객사"),
    "process": ("Process", "공정"),
    "run_id": ("Run ID", "실행 ID"),
    "run_date": ("Run date", "실행일"),
    "report_date": ("Report date", "보고서 작성일"),
    "report_language": ("Report language", "보고서 언어"),
    "language_name": ("English", "한국어"),
    "contents": ("Contents", "목차"),
    "chart": ("Chart", "차트"),
    "appendix": ("Appendix", "부록"),
    "data_quality": ("Data quality", "데이터 품질"),
    "data_quality_note": ("Counts and value ranges only: the report holds no raw data rows.",
                          "건수와 값의 범위만 싣고, 원본 데이터 행은 싣지 않습니다."),
    "files": ("Files", "파일"),
    "file": ("File", "파일"),
    "column": ("Column", "항목"),
    "physical_range": ("Accepted physical range", "허용 물리 범위"),
    "observed_range": ("Observed in the training data", "학습 데이터의 관측 범위"),
    "run_manifest": ("Run manifest", "실행 기록"),
    "manifest_note": ("What was run, on which data and with which software: enough to repeat the run.",
                      "어떤 데이터와 소프트웨어로 무엇을 실행했는지 기록합니다. 같은 실행을 재현할 수 있습니다."),
    "floor_appendix": ("For the shop floor", "현장용 자료"),
    "floor_appendix_note": ("What the run wrote for the machine and the quality team: the one-page window card as "
                            "printed, and the control-plan extract for the team to review and adopt.",
                            "이 분석이 설비 옆과 품질팀을 위해 만든 자료입니다. 인쇄되는 그대로의 한 쪽짜리 운전 범위 카드와, "
                            "품질팀이 검토해 채택할 관리계획서 초안입니다."),
    "floor_card_file": ("Window card ({file}, in the run folder)", "운전 범위 카드(실행 폴더의 {file})"),
    "floor_plan_file": ("Control-plan extract ({files}, in the run folder)", "관리계획서 초안(실행 폴더의 {files})"),
    "engagement": ("Engagement", "프로젝트"),
    "started": ("Started (UTC)", "시작(UTC)"),
    "duration": ("Duration", "소요 시간"),
    "seconds_value": ("{seconds:.1f} s", "{seconds:.1f}초"),
    "status": ("Status", "상태"),
    "parameters": ("Parameters", "매개변수"),
    "seed": ("Random seed", "난수 시드"),
    "model_settings": ("Model settings", "모델 설정"),
    "package": ("Package", "패키지"),
    "version": ("Version", "버전"),    # app pages: the one-line introduction above each
    "intro_app_overview": ("What to do first, how far to trust it, how often {item}s failed lately and what the "
                           "analysis found.", "먼저 할 조치, 그 결과를 믿을 수 있는 정도, 최근 {item}의 불량 수준과 분석 결과입니다."),
    "intro_app_drivers_intro": ("Each factor's average effect on defect risk, in percentage points{pp}: the longer its "
                                "bar in the chart{chart_drivers}, the more it matters.",
                                "각 요인이 불량 위험에 주는 평균 영향(%p{pp})입니다. 차트{chart_drivers}의 막대가 "
                                "길수록 중요합니다."),
    "intro_app_drivers_values": ("Each factor's average effect on the predicted result, in its unit: the longer its bar "
                                 "in the chart{chart_drivers}, the more it matters.",
                                 "각 요인이 예측값에 주는 평균 영향(결과의 단위)입니다. 차트{chart_drivers}의 막대가 "
                                 "길수록 중요합니다."),
    "intro_app_shapes_intro": ("Defect risk as one setting changes while everything else stays at the typical {item}'s "
                               "value (the effect chart{chart_effect}). The green band is the operating "
                               "window{window}.",
                               "다른 조건은 보통 {item} 수준으로 두고 한 가지 설정만 바꿀 때의 불량 위험입니다(영향 "
                               "차트{chart_effect}). 초록색 구간이 권장 운전 범위{window}입니다."),
    "intro_app_shapes_values": ("The predicted result as one setting changes while everything else stays at the typical "
                                "{item}'s value (the effect chart{chart_effect}). The green band is the operating "
                                "window{window}.",
                                "다른 조건은 보통 {item} 수준으로 두고 한 가지 설정만 바꿀 때의 예측값입니다(영향 "
                                "차트{chart_effect}). 초록색 구간이 권장 운전 범위{window}입니다."),
    "intro_app_whatif": ("Move the settings and watch the defect risk and its reasons change. "
                         "The settings start at the typical {item}'s.",
                         "설정값을 움직이면 불량 위험과 그 원인이 바로 바뀝니다. 처음 값은 보통 {item}의 설정입니다."),
    "intro_app_whatif_values": ("Move the settings and watch the predicted value and its reasons change. "
                                "The settings start at the typical {item}'s.",
                                "설정값을 움직이면 예측값과 그 원인이 바로 바뀝니다. 처음 값은 보통 {item}의 설정입니다."),
    "intro_app_part": ("Pick a {item} from the latest period: its defect risk and the settings that pushed it up or "
                       "down.", "최근 기간의 {item:을} 고르면 불량 위험과 위험을 높이거나 낮춘 설정값을 보여 줍니다."),
    "intro_app_map": ("The risk map{chart_map}: defect risk over two settings that act together, everything else at "
                      "the typical {item}'s value. Pale is low, dark red is high, each colour the same risk on every "
                      "map; green dashes are the edges of an operating window{window}, the black line the alarm "
                      "level{alarm_level}.",
                      "위험 지도{chart_map}: 함께 작용하는 두 설정값에 따른 불량 위험입니다(나머지는 보통 {item} 수준). "
                      "옅을수록 낮고 짙은 빨강일수록 높으며, 같은 색은 어느 지도에서나 같은 위험입니다. 초록 점선은 "
                      "권장 운전 범위{window}의 경계, 검은 선은 경보 기준{alarm_level}입니다."),
    "intro_app_quality": ("How well the model told defective from good {item}s among the latest {item}s, which it never "
                          "saw while learning (the curves{chart_alarm} below). Move the alarm level{alarm_level}: a "
                          "lower one catches more defects but raises more false alarms.",
                          "학습에 쓰지 않은 최근 {item}에서 모델이 불량과 양품을 얼마나 잘 가려냈는지 보여 줍니다(아래 "
                          "곡선{chart_alarm}). 경보 기준{alarm_level}을 낮추면 불량을 더 많이 잡아내지만 잘못된 경보도 "
                          "늘어납니다."),
    "intro_app_quality_values": ("How close the model's predictions came to the measured results of the latest {item}s, "
                                 "which it never saw while learning. Points on the diagonal of the chart{chart_values} "
                                 "are exact.",
                                 "학습에 쓰지 않은 최근 {item}에서 모델의 예측값이 실측값과 얼마나 가까웠는지 "
                                 "보여 줍니다. 차트{chart_values}의 대각선 위의 점은 정확히 맞힌 {item}입니다."),
    # findings: the sentences of a run's narrative and of the app
    "keep_between": ("Keep {name:lower} between {low} and {high}.", "{name:은} {low} – {high} 범위로 유지하세요."),
    "keep_above": ("Keep {name:lower} at or above {low}.", "{name:은} {low} 이상으로 유지하세요."),
    "keep_below": ("Keep {name:lower} at or below {high}.", "{name:은} {high} 이하로 유지하세요."),
    "rises_below": ("below {edge} the defect rate rises from {inside} to {rate}",
                    "{edge} 미만에서는 불량률이 {inside}에서 {rate:으로}"),
    "rises_above": ("above {edge} the defect rate rises from {inside} to {rate}",
                    "{edge} 초과에서는 불량률이 {inside}에서 {rate:으로}"),
    "rises_separator": ("; ", ", "),
    "keep_and_rises": ("{keep} {rises:capital}.", "{keep} {rises} 높아집니다."),
    "physics_flag": ("Check with the process engineer before acting on it: the model's effect differs from the "
                     "expected physics ({expected}).",
                     "확인 필요: 모델 결과가 공정 지식과 다르니(공정 지식은 {expected} 봅니다) 조치 전에 공정 담당자와 "
                     "검토하세요."),
    "advice_with_caveat": ("{advice} {caveat}", "{advice} {caveat}"),  # the caveat in the bullet it qualifies
    "expect_increases": ("higher values to raise risk", "값이 클수록 위험이 커질 것으로"),
    "expect_decreases": ("lower values to raise risk", "값이 작을수록 위험이 커질 것으로"),
    "expect_none": ("no effect", "영향이 없을 것으로"),
    "defects": ("defects", "불량"),
    "drivers": ("The biggest drivers of {result:lower} are {drivers}.", "{result}에 가장 큰 영향을 주는 요인은 {drivers} 순입니다."),
    "inline_name": ("{name:uncapital}", "{name}"),
    "list_separator": (", ", ", "),
    "list_last": (" and ", ", "),
    "held_out_items": ("{rows:,} rows from {items:,} items", "개체 {items:,}개({rows:,}행)"),
    "held_out_parts": ("{rows:,} {item}s", "{item} {rows:,}개"),
    "held_out_rows": ("{rows:,} rows", "{rows:,}건"),
    "trained_on_sample": ("It was trained on {fitted:,} of the {total:,} {item}s, a sample grown until more rows no longer "
                          "changed what it learnt, and checked on all {held_out:,} held-out {item}s.",
                          "모델은 {item} {total:,}개 중 {fitted:,}개로 학습했습니다(행을 더 늘려도 배운 내용이 바뀌지 않을 "
                          "때까지 늘린 표본). 검증은 학습에 쓰지 않은 {item} {held_out:,}개 전부로 했습니다."),
    "quality_binary": ("Checked on {held_out} the model had not seen: it ranks a defective {item} above a good one "
                       "{ebm:.0%} of the time (ROC AUC {ebm:.3f}; black-box baseline {baseline:.3f}). At the alarm "
                       "threshold it catches {recall:.0%} of defects, and {precision:.0%} of alarms are real defects.",
                       "모델이 학습에 쓰지 않은 {held_out:으로} 검증했습니다. 불량 {item:을} 양품보다 위험하게 볼 확률은 "
                       "{ebm:.0%}(ROC AUC {ebm:.3f})이며, 블랙박스 기준 모델은 {baseline:.3f}입니다. 경보 기준에서 "
                       "불량의 {recall:.0%}를 찾아내고, 경보의 {precision:.0%}가 실제 불량입니다."),
    "quality_values": ("On {held_out} the model had not seen, its typical error (RMSE) is {ebm}; the black-box "
                       "baseline's is {baseline}.",
                       "학습에 쓰지 않은 {held_out}에서 평균 오차(RMSE)는 {ebm}이며, 블랙박스 기준 모델은 {baseline}입니다."),
    "mean_sd": ("{mean:.3f} ± {sd:.3f}", "{mean:.3f} ± {sd:.3f}"),
    "cv_items": (" Rows that measure the same item ({items:,} items) were kept on one side of every split.",
                 " 한 개체를 여러 번 잰 행은 학습과 검증 중 한쪽에만 두었습니다(개체 {items:,}개)."),
    "cv_sentence": ("With only {rows:,} rows, {folds}-fold cross-validation repeated {repeats} times gives {metric} "
                    "{ebm} for the EBM and {baseline} for the black-box baseline (mean ± sd); the spread is the "
                    "uncertainty of these numbers.{items}",
                    "데이터가 {rows:,}건뿐이라 {folds}겹 교차검증을 {repeats}회 반복했습니다: {metric:은} EBM {ebm}, "
                    "블랙박스 기준 모델 {baseline}(평균 ± 표준편차)입니다. 표준편차만큼 불확실합니다.{items}"),
    "withheld_continuous": ("The result is a measured value, not a defect, so no operating window for defect risk is "
                            "stated; the effect charts show how each setting moves the result.",
                            "결과가 측정값(연속형)이므로 불량 위험 기준의 권장 운전 범위는 제시하지 않습니다. "
                            "설정값별 영향 차트에서 각 설정이 결과를 얼마나 움직이는지 보세요."),
    "few_rows": ("only {found:,} rows", "데이터가 {found:,}건"),
    "few_defects": ("only {found:,} defects", "불량이 {found:,}건"),
    "withheld_few": ("With {what}, an operating window cannot be trusted, so none is stated (windows need at least "
                     "{min_rows:,} rows and {min_defects:,} defects).",
                     "{what}뿐이라 권장 운전 범위를 믿을 수 없어 제시하지 않습니다"
                     "(범위는 {min_rows:,}건 이상, 불량 {min_defects:,}건 이상일 때만 제시합니다)."),
    "reason_item": ("{label} {value} ({effect})", "{label} {value} ({effect})"),
    "risk_above_typical": ("{item:capital} {part} has a defect risk of {risk} (typical {item}: {typical}).",
                           "{item} {part}의 불량 위험은 {risk:으로}, 보통 {item}({typical})보다 높습니다."),
    "risk_not_above_typical": ("{item:capital} {part} has a defect risk of {risk} (typical {item}: {typical}).",
                               "{item} {part}의 불량 위험은 {risk:으로}, 보통 {item}({typical})과 비슷하거나 낮습니다."),
    "raised_by": ("{head} Raised mainly by {reasons}.", "{head} 위험을 높인 주된 요인: {reasons}."),
    "points": ("{value:+.1f} pp", "{value:+.1f}%p"),
    "raise": ("Raise", "올리면"),
    "lower": ("Lower", "낮추면"),
    "suggestion": ("{verb} {name:lower} from {current} to {target}: defect risk {before} → {after}.",
                   "{name:을} {current}에서 {target:으로} {verb} 불량 위험이 {before}에서 {after:으로} 바뀝니다."),
    "range_sentence": ("Within the data, {name:lower} gives the lowest defect risk at {low} ({low_risk}) and the "
                       "highest at {high} ({high_risk}), everything else at the typical {item}'s.",
                       "데이터 범위에서 {name:은} {low}일 때 불량 위험이 {low_risk:으로} 가장 낮고, {high}일 때 "
                       "{high_risk:으로} 가장 높습니다(나머지 조건은 보통 {item} 수준)."),
    "not_shown": ("Not shown, the data has no {labels}.", "이 데이터에는 다음 항목이 없어 생략합니다: {labels}."),
    # actions first: the ranked actions, the model's reliability in words, observed rate against estimated risk
    "actions_title": ("Actions first", "오늘의 조치"),
    "actions_rank": ("#", "순위"),
    "actions_outside": ("Share outside", "범위 밖 비율"),
    "actions_avoidable": ("Avoidable", "줄일 수 있는 불량"),
    "actions_confidence": ("Confidence", "신뢰도"),
    "actions_item": ("{outside} of recent {item}s outside · avoids {avoidable} · confidence {confidence}",
                     "최근 {item}의 {outside:이} 범위 밖 · 불량 {avoidable} 감소 가능 · 신뢰도 {confidence}"),
    "avoidable_month": ("{n} defects a month", "월 {n}건"),
    "avoidable_parts": ("{n} defects per 1,000 {item}s", "{item} 1,000개당 {n}건"),
    "actions_old_run": ("Run the analysis again to rank the actions.", "분석을 다시 실행하면 조치 순위가 표시됩니다."),
    "level_high": ("high", "높음"), "level_medium": ("medium", "보통"), "level_low": ("low", "낮음"),
    "actions_none": ("No recent {item} runs outside a stated operating window: there is no setting to correct first.",
                     "최근 {item} 중 권장 운전 범위를 벗어난 {item:이} 없어 먼저 바로잡을 설정이 없습니다."),
    "actions_how": ("How this is computed", "계산 방법"),
    "actions_method": ("How this is computed: among the {parts:,} latest {item}s{period}, which the model did not learn "
                       "from, the model's expected defects of the {item}s outside a setting's operating window minus "
                       "their expected defects with that setting moved to the window's nearest edge, every other "
                       "setting as it was; {scale}. Confidence is high when the window's edges are strong evidence "
                       "(adjusted p < {edge}) and the model is reliable (ROC AUC ≥ {strong}), low when the model is "
                       "weak (ROC AUC < {fair}), medium otherwise. Each action is counted alone: a {item} outside two "
                       "windows counts in both, so the actions do not add up.",
                       "계산 방법: 모델이 학습에 쓰지 않은 최근 {item} {parts:,}개{period} 가운데 권장 운전 범위를 "
                       "벗어난 {item}의 예상 불량 수에서, 그 설정만 범위의 가장 가까운 경계로 옮겼을 때(다른 설정은 "
                       "그대로)의 예상 불량 수를 뺀 값이며, {scale}. 신뢰도는 범위 경계의 근거가 강하고(보정 p < "
                       "{edge}) 모델을 믿을 만하면(ROC AUC ≥ {strong}) 높음, 모델이 약하면(ROC AUC < {fair}) 낮음, "
                       "그 밖에는 보통입니다. 조치마다 따로 계산하므로 두 범위를 벗어난 {item:은} 양쪽에 모두 들어가, "
                       "조치별 값을 더할 수는 없습니다."),
    "method_days": (" (over {days} days)", "({days}일간)"),
    "scale_month": ("scaled to a month", "한 달 기준으로 환산했습니다"),
    "scale_parts": ("counted per 1,000 {item}s", "{item} 1,000개 기준으로 환산했습니다"),
    "reliability_title": ("Model reliability", "모델 신뢰도"),
    "reliability_level": ("Reliability: {level}", "신뢰도: {level}"),
    "map_alarm_line": ("Alarm level {level} (the black line)", "경보 기준 {level}(검은 선)"),
    "alarm_caveat_high": ("The model is reliable on the {item}s it did not learn from: its alarms are worth acting on.",
                          "학습에 쓰지 않은 {item}에서 믿을 만한 모델입니다: 경보가 울리면 조치할 만합니다."),
    "alarm_caveat_medium": ("The model is only fair: use its alarms to choose which {item}s to check first, not to "
                            "pass or reject them.",
                            "모델 신뢰도가 보통입니다: 경보는 어느 {item:을} 먼저 확인할지 정하는 데 쓰고, 합격·불합격 "
                            "판정에는 쓰지 마세요."),
    "alarm_caveat_low": ("The model is weak: an alarm is only a hint to check the {item}, many defects pass without "
                         "one; do not pass or reject {item}s on it.",
                         "모델이 약합니다: 경보는 {item:을} 확인해 보라는 신호일 뿐이며 많은 불량이 경보 없이 "
                         "지나갑니다. 경보로 합격·불합격을 판정하지 마세요."),
    "reliability_finding": ("Model {headline:uncapital}. {words}", "모델 {headline}. {words}"),
    "quality_words": ("Catches {caught} of every 100 defects at its alarm level; {real} of every 10 alarms are real "
                      "defects.", "경보 기준에서 불량 100개 중 {caught}개를 미리 찾아내고, 경보 10번 중 {real}번은 실제 "
                      "불량입니다."),
    "quality_words_values": ("Its predictions are off by {mae} on average.",
                             "예측값은 실측값과 평균 {mae}만큼 차이가 납니다."),
    "quality_detail": ("{metric} {ebm} on the {parts:,} latest {item}s, which the model did not learn from; black-box "
                       "baseline {baseline}.",
                       "학습에 쓰지 않은 최근 {item} {parts:,}개에서 {metric} {ebm}, 블랙박스 기준 모델 {baseline}."),
    "app_rate_observed": ("Defect rate of the latest {item}s (observed)", "최근 {item}의 실제 불량률(관측값)"),
    "app_risk_estimated": ("Risk of a {item} at typical settings (model's estimate)",
                           "보통 설정 {item}의 불량 위험(모델 추정값)"),
    "app_output_estimated": ("Prediction for a {item} at typical settings (model's estimate)",
                             "보통 설정 {item}의 예측값(모델 추정값)"),
    "app_rate_vs_risk": ("The observed rate counts what actually failed among all recent {item}s; the model's "
                         "estimate is for one {item} with every setting at its usual value. {item:capital}s running "
                         "outside their windows fail more often, which is why the two differ.",
                         "실제 불량률은 최근 {item} 전체에서 실제로 불량이 난 비율이고, 모델 추정값은 모든 설정이 보통 "
                         "수준인 {item} 하나의 위험입니다. 권장 범위를 벗어난 {item:은} 불량이 더 잦아 두 값이 다릅니다."),
    "app_findings": ("What the analysis found", "분석 결과"),
    "app_footer": ("Analysed {date} · run {run}", "분석일 {date} · 실행 {run}"),
    "period": ("Period", "기간"),
    # guidebooks: one catalogued data set explained
    "guidebook": ("Data set guidebook", "데이터셋 가이드북"),
    "guide_purpose": ("Purpose and source", "목적과 출처"),
    "guide_source": ("Source", "출처"), "guide_licence": ("Licence", "라이선스"),
    "guide_nature": ("Nature of the data", "데이터 성격"), "guide_rows": ("Rows", "행 수"),
    "guide_spec": ("Read with the spec of", "적용한 공정 기준"),
    "guide_variables": ("Variables", "변수"),
    "guide_variables_note": ("Every column of the file as delivered: meaning, unit, role in the model, the accepted "
                             "physical range and what the data hold.",
                             "제공된 파일의 모든 열: 의미, 단위, 모델에서의 역할, 허용 물리 범위, 실제 데이터 분포입니다."),
    "guide_column": ("Column", "열"), "guide_meaning": ("Meaning", "의미"), "guide_unit": ("Unit", "단위"),
    "guide_role": ("Role", "역할"), "guide_range": ("Physical range", "물리 범위"),
    "guide_observed": ("Observed", "관측 범위"), "guide_missing": ("Missing", "결측"),
    "guide_distribution": ("Distribution", "분포"), "guide_median": ("median", "중앙값"),
    "guide_target": ("Target and balance", "목표 변수와 균형"),
    "guide_model": ("Model result", "모델 결과"),
    "guide_cv_note": ("{rows:,} rows are too few for one held-out split to be trusted: the figures below are "
                      "{folds}-fold cross-validation repeated {repeats} times, mean ± standard deviation over the folds.",
                      "{rows:,}행은 한 번의 검증 분할을 믿기에 너무 적어, 아래 수치는 {folds}겹 교차검증을 {repeats}회 "
                      "반복한 폴드별 평균 ± 표준편차입니다."),
    "guide_holdout_note": ("The model was checked on a held-out {share:.0%} of the rows; the analysis below has the "
                           "details.", "행의 {share:.0%}를 검증용으로 떼어 두고 모델을 확인했습니다. 자세한 내용은 아래 분석에 있습니다."),
    "guide_fit_time": ("Mean fit time", "평균 학습 시간"),
    "guide_caveats": ("Caveats", "유의 사항"),
    "guide_small": ("Small sample: {rows:,} rows. Treat every number here as a rough indication with the uncertainty "
                    "shown.", "표본이 작습니다({rows:,}행). 모든 수치는 제시한 불확실성을 감안한 대략적인 값으로 보세요."),
    "guide_left_out": ("Left out of the model (leakage means known only with or after the result): {columns}.",
                       "모델에서 제외한 열(누설 변수는 결과와 함께 또는 결과 뒤에야 알 수 있는 값): {columns}."),
    "guide_distinct": ("{n:,} distinct values", "서로 다른 값 {n:,}개"),
    "guide_use": ("Using it in an engagement", "프로젝트에서 활용하기"),
    "guide_use_text": ("Open it as an engagement exactly as a client's file is opened, then run and report it:",
                       "고객 파일과 똑같은 방식으로 프로젝트를 만든 뒤 실행하고 보고서를 만듭니다:"),
    "guide_use_after": ("Its `engagement.yaml` shows the column map a client file of this kind needs: copy it as a "
                        "start.", "생성된 `engagement.yaml`에는 이런 종류의 고객 파일에 필요한 열 매핑이 있으니 출발점으로 쓰세요."),
    "role_id": ("left out: identifier", "제외: 식별자"), "role_leakage": ("left out: leakage", "제외: 누설 변수"),
    "role_constant": ("left out: constant", "제외: 상수"), "role_target": ("target", "목표"),
    "role_controllable": ("controllable setting", "조정 가능한 설정"), "role_measured": ("measured", "측정값"),
    "role_context": ("context", "조건"), "role_outcome": ("outcome (never a model input)", "결과(모델 입력 아님)"),
    # shop floor: the window card at the machine and the control-plan extract
    "card_title": ("{process}: operating windows", "{process} 권장 운전 범위"),
    "card_typical": ("typical {value}", "보통 {value}"),
    "card_below": ("Below {edge}: {what}", "{edge} 미만: {what}"),
    "card_above": ("Above {edge}: {what}", "{edge} 초과: {what}"),
    "card_rates": ("defects {inside} → {rate}", "불량률 {inside} → {rate}"),
    "card_more_defects": ("more defects", "불량 증가"),
    "card_check": ("Check", "점검"),
    "card_no_edge": ("No window for {names}: the data show no range of it where defects rise.",
                     "{names:은} 불량이 늘어나는 구간이 데이터에 없어 범위를 정하지 않았습니다."),
    "card_no_settings": ("This process has no adjustable setting to give a window for.",
                         "이 공정에는 범위를 정할 조정 가능한 설정이 없습니다."),
    "card_picture": ("{x} × {y} together: defect risk, other settings typical; dashes: window edges",
                     "{x} × {y} 함께 보기: 불량 위험, 다른 설정은 보통 값, 점선: 범위 경계"),
    "card_based_on": ("Based on {parts:,} {item}s", "{item} {parts:,}개 기준"),
    "card_run": ("Analysis {run_id} of {date}", "분석 {run_id} ({date})"),
    "card_advice": ("Advice in force: {date}, analysis {run_id}", "현재 조언: {date}, 분석 {run_id}"),
    "card_advice_later": ("the windows above come from a later analysis", "위 범위는 그 뒤의 분석 결과입니다"),
    "card_no_advice": ("No advice recorded yet", "기록된 조언 없음"),
    "card_app": ("Details in the app", "자세한 내용은 앱에서"),
    "cp_title": ("Control plan extract: {process}", "관리계획서 발췌: {process}"),
    "cp_source": ("Prefilled from analysis {run_id} of {date} ({parts:,} {item}s) for {client}: review every line "
                  "before adopting it; the sample frequency is the team's to set.",
                  "{client} 분석 {run_id}({date}, {item} {parts:,}개)에서 미리 채웠습니다. 채택하기 전에 모든 행을 "
                  "검토하고, 샘플 빈도는 팀에서 정하세요."),
    "cp_no": ("No.", "번호"), "cp_step": ("Process step", "공정 단계"),
    "cp_characteristic": ("Characteristic (process)", "특성(공정)"),
    "cp_class": ("Classification", "특별특성 구분"),
    "cp_spec": ("Specification / tolerance", "규격/공차"),
    "cp_evaluation": ("Evaluation / measurement method", "평가/측정 방법"),
    "cp_sample_size": ("Sample size", "샘플 크기"), "cp_frequency": ("Sample frequency", "샘플 빈도"),
    "cp_control": ("Control method", "관리 방법"), "cp_reaction": ("Reaction plan", "이상 조치 계획"),
    "cp_class_value": ("SC (suggested: defect driver no. {rank})", "SC(제안: 불량 요인 {rank}위)"),
    "cp_evaluation_value": ("Machine's set and actual value in {unit}", "설비 설정값·실제값({unit})"),
    "cp_sample_size_value": ("Every {item} (machine record)", "{item} 전수(설비 기록)"),
    "cp_frequency_value": ("For the team to set; suggested: at each shift start and after every change",
                           "팀에서 정함(제안: 근무조 시작 시와 조건 변경 후)"),
    "cp_control_value": ("Set-point kept inside the window, recorded by the machine",
                         "설정값을 범위 안으로 유지, 설비 기록"),
    "cp_reaction_value": ("{edges:capital}: stop, bring it back into {window}, hold and check the {item}s made since "
                          "the last good check.",
                          "{edges}: 정지 후 {window} 범위로 되돌리고, 마지막 정상 확인 이후 생산한 {item:을} 격리해 검사합니다."),
    "cp_edge_below": ("below {edge} ({what})", "{edge} 미만({what})"),
    "cp_edge_above": ("above {edge} ({what})", "{edge} 초과({what})"),
    "cp_edge_or": (" or ", " 또는 "),
    # demo data: how each language's demo client writes its files
    "demo_header": ("{name} [{unit}]", "{name}({unit})"),
    "demo_recheck": ("RECHECK", "재검"),
    # the centre's portfolio page (mfgxai portfolio): one row per engagement × process
    "portfolio_title": ("The centre's portfolio", "센터 포트폴리오"),
    "portfolio_lead": ("{count:,} engagement × process runs, the ones with most settings outside their operating "
                       "window first. No client's data rows are shown: the page is for the centre only.",
                       "고객사 × 공정 {count:,}건, 운전 범위를 벗어난 설정이 많은 순. 고객사의 데이터 행은 싣지 않습니다: "
                       "센터 내부용입니다."),
    "portfolio_client": ("Client", "고객사"),
    "portfolio_process": ("Process", "공정"),
    "portfolio_parts": ("Parts", "부품 수"),
    "portfolio_defect_rate": ("Defect rate (held-out parts)", "불량률(검증 부품)"),
    "portfolio_outside": ("Settings outside their window", "범위를 벗어난 설정 수"),
    "portfolio_advised": ("Advice of", "조언일"),
    "portfolio_then_now": ("Defect rate then → now", "불량률 조언 전 → 후"),
    "portfolio_change": ("Change, 95 % interval", "변화 95% 구간"),
    "portfolio_verdict": ("Verdict", "판정"),
    "portfolio_inside": ("Least-followed window: parts inside", "가장 덜 지켜진 범위 안 부품 비율"),
    "portfolio_drift": ("Drift (not the advice)", "분포 변화(조언과 무관)"),
    "portfolio_retrain": ("Model", "모델"),
    "portfolio_run": ("Latest run (report)", "최근 실행(보고서)"),
    "portfolio_change_fell": ("fell", "낮아짐"),
    "portfolio_change_rose": ("rose", "높아짐"),
    "portfolio_change_unclear": ("cannot tell yet", "아직 판단 불가"),
    "portfolio_change_too_little_data": ("too little data", "데이터 부족"),
    "portfolio_table_title": ("Every engagement × process", "전체 고객사 × 공정"),
    "portfolio_charts_title": ("Did the advice lower defects? Process by process", "조언 후 불량이 줄었는가: 공정별"),
    "portfolio_chart_caption": (
        "A row per client whose data since the advice has been compared with it: ○ the defect rate before the "
        "advice, ● since, each with its 95 % interval (the line through it). ● is blue where the rate fell, orange "
        "where it rose and grey where the data cannot tell yet (the change's interval includes no change, or too few "
        "parts or defects). Only each client's totals are drawn, no data rows.",
        "조언 이후의 데이터를 조언과 비교한 고객사마다 한 줄입니다: ○ 조언 전 불량률, ● 조언 후 불량률, 각각의 95% 구간(가로선). "
        "●는 불량률이 낮아진 곳은 파랑, 높아진 곳은 주황, 아직 판단할 수 없는 곳(변화의 구간이 0을 포함하거나 부품·불량이 너무 "
        "적음)은 회색입니다. 고객사별 합계만 그리며 데이터 행은 싣지 않습니다."),
    "portfolio_chart_title": ("{process}: defect rate before and since the advice", "{process}: 조언 전후 불량률"),
    "portfolio_chart_summary": ("Clients compared: {count}. Defects fell at {fell}, rose at {rose}, cannot tell yet at "
                                "{unclear}.",
                                "비교한 고객사 {count}곳: 불량률이 낮아진 곳 {fell}, 높아진 곳 {rose}, 아직 판단할 수 없는 곳 "
                                "{unclear}."),
    "portfolio_chart_pending": ("Not compared with advice yet: {clients}.", "아직 조언과 비교하지 않은 고객사: {clients}."),
    "portfolio_charts_none": ("No client's data since the advice has been compared with it yet: a chart per process "
                              "appears here once it has (mfgxai compare).",
                              "아직 조언 이후의 데이터를 조언과 비교한 고객사가 없습니다: 비교하면(mfgxai compare) 공정별 "
                              "그래프가 여기에 나타납니다."),
    "portfolio_chart_before": ("before the advice", "조언 전"),
    "portfolio_chart_since_fell": ("since: fell", "조언 후: 낮아짐"),
    "portfolio_chart_since_rose": ("rose", "높아짐"),
    "portfolio_chart_since_unclear": ("cannot tell yet", "아직 판단 불가"),
    "portfolio_chart_axis": ("Defect rate", "불량률"),
    "portfolio_windows_heading": ("Each client's operating windows beside the others'", "고객사별 권장 운전 범위 비교"),
    "portfolio_windows_caption": (
        "Per process and setting, a row per client: green is the window where its model found defects lowest, with "
        "a firm stroke at each edge the data confirmed and a faint end where no edge was found on that side; the grey "
        "line is where the client's settings ran (5th–95th percentile). Clients in the table's order, most in need of "
        "help first. Only each client's window and range are drawn, no data rows.",
        "공정·설정마다 고객사별로 한 줄입니다: 초록색은 모델이 불량이 가장 적다고 찾은 범위이며, 데이터로 확인된 경계는 진한 "
        "세로선, 경계를 찾지 못한 쪽은 옅게 그렸습니다. 회색 선은 고객사의 설정값이 실제로 움직인 범위(5~95 백분위)입니다. "
        "순서는 아래 표와 같이 도움이 가장 필요한 고객사부터입니다. 고객사별 범위만 그리며 데이터 행은 싣지 않습니다."),
    "portfolio_windows_title": ("{process}", "{process}"),
    "portfolio_window_row": ("{client}: window {window}; ran {data_low} – {data_high}",
                             "{client}: 권장 범위 {window}; 실제 {data_low} ~ {data_high}"),
    "portfolio_chart_row": ("{client}: before {before} ({before_interval}), since {after} ({after_interval}); change "
                            "{change}: {verdict}",
                            "{client}: 조언 전 {before}({before_interval}), 조언 후 {after}({after_interval}); 변화 "
                            "{change}: {verdict}"),
}

MESSAGES: dict[str, Message] = {key: Message(*pair) for key, pair in _PAIRS.items()}
