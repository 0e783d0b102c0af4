"""Stage 01, necessity and feasibility (clause 6.1): the self-assessment of need and foundations,
readiness scores, consensus and the go / prepare first / not now decision.

The scoring itself is :mod:`sedamkit.methods.scoring`; this package holds the stage's definition,
its exercise checks, its report section and its improvement candidates.
"""
from ...core.stagedef import Input, ResultField, StageDef

STAGE = StageDef(
    id="01_necessity_feasibility", number=1, name="Necessity and feasibility", clause="6.1",
    summary="Do we need digital approaches, and can we carry them?",
    notebook="01_necessity_feasibility.ipynb",
    inputs=(Input("01_necessity_feasibility", "answers", required=True, what="self-assessment answers",
                  part="the readiness scores"),),
    questionnaires=("necessity_feasibility",),
    result_fields=(
        ResultField("questionnaire", "the questionnaire id and version scored"),
        ResultField("version", "the questionnaire's version"),
        ResultField("respondents", "the respondent ids whose answers were scored"),
        ResultField("overall", "overall readiness 0–100 (weighted over all items; not the decision's basis)"),
        ResultField("need", "need score 0–100 (the need groups); below need_min: not now"),
        ResultField("feasibility", "feasibility score 0–100 (foundations and capabilities)"),
        ResultField("overall_sd", "spread of the respondents' overall scores"),
        ResultField("decision", "go, prepare_first, not_now or not_assessed"),
        ResultField("reasons", "the sentences that explain the decision"),
        ResultField("blocking_gaps", "ids of areas below their minimum"),
        ResultField("weakest", "the weakest areas, weakest first"),
        ResultField("areas", "per area: area, title, group, role, score, sd, threshold, consensus, blocking, "
                    "dont_know, carried_over"),
        ResultField("groups", "per group (need, feasibility): score"),
        ResultField("thresholds", "the decision thresholds in force"),
        ResultField("no_consensus", "ids of areas where respondents disagree"),
        ResultField("dont_know", "number of \"don't know\" answers (per area in areas)"),
        ResultField("follow_ups", "follow-up answers that record a plan (not scored)"),
    ),
    report="stages.necessity_feasibility.report:section",
    figures=("01_readiness_radar", "01_respondent_heatmap"),
    exercises=("01_weighted_area_score", "01_decision"),
    exercise_module="stages.necessity_feasibility.exercises",
    compute="stages.necessity_feasibility.results:compute",
    candidates="stages.necessity_feasibility.candidates:candidates",
)
