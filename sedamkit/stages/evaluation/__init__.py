"""Stage 05, evaluation (clause 8.1): the mission review, every plan KPI from the data against its
target, the approaches rated, regions and periods compared. Logic: :mod:`.api`."""
from ...core.stagedef import Input, ResultField, StageDef

STAGE = StageDef(
    id="05_evaluation", number=5, name="Evaluation", clause="8.1",
    summary="KPIs against the plan's targets.",
    notebook="05_evaluation.ipynb",
    upstream=("02_daap",),
    optional_upstream=("01_necessity_feasibility", "03_application", "04_customer_experience"),
    inputs=(
        Input("05_evaluation/mission", "answers", required=False, what="mission-review answers",
              part="the mission review"),
        Input("05_evaluation/approaches", "answers", required=False, what="approach ratings",
              part="the approach ratings"),
    ),
    questionnaires=("mission_review",),
    result_fields=(
        ResultField("kpis", "per KPI: latest value, interval, target, expected value, status"),
        ResultField("period_tests", "per KPI from individual answers: baseline against latest period, tested"),
    ),
    report="stages.evaluation.report:section",
    exercises=("05_expected_value", "05_kpi_status"),
    exercise_module="stages.evaluation.api",
    compute="stages.evaluation.results:compute",
    candidates="stages.evaluation.candidates:candidates",
    validate="stages.evaluation.api:validate_client_inputs",
)
