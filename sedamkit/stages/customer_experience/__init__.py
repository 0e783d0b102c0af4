"""Stage 04, customer-experience design (clause 7.4; ISO/TS 24082): the Kano study, NPS / CSAT / CES
with intervals, the journey map, touchpoints, data points and sentiment. Logic: :mod:`.api`."""
from ...core.stagedef import Input, ResultField, StageDef

STAGE = StageDef(
    id="04_customer_experience", number=4, name="Customer-experience design", clause="7.4; 24082",
    summary="Kano, metrics, journeys, touchpoints and data points.",
    notebook="04_customer_experience.ipynb",
    inputs=(
        Input("kano_survey", "dataset", required=False, what="Kano survey", part="the Kano study"),
        Input("touchpoint_ratings", "dataset", required=False, what="touchpoint ratings",
              columns=("touchpoint", "rating"), part="the journey's emotion curve"),
        Input("cx_survey", "dataset", required=False, what="customer survey (NPS, CSAT, CES)",
              columns=("quarter", "nps", "csat", "ces"), part="the customer metrics"),
        Input("journey", "client_file", required=False, default="journey.yaml", what="journey (YAML)",
              part="the journey map", load="methods.journey:load_journey", marks=("touchpoints",)),
    ),
    result_fields=(
        ResultField("kano", "per feature: category, better, worse, significance"),
        ResultField("must_be_weak", "must-be features performing weakly"),
        ResultField("metrics", "NPS, CSAT, CES for the latest quarter, overall and by region"),
        ResultField("pain_points", "touchpoints rated below neutral"),
        ResultField("moments_at_risk", "moments of truth below their target"),
        ResultField("findings", "short sentences for the executive summary"),
    ),
    report="stages.customer_experience.report:section",
    figures=(),
    exercises=("04_kano_pairs", "04_worse_coefficient", "04_nps_from_counts", "04_moment_at_risk"),
    exercise_module="stages.customer_experience.api",
    compute="stages.customer_experience.results:compute",
    candidates="stages.customer_experience.candidates:candidates",
    validate="stages.customer_experience.api:validate_client_inputs",
)
