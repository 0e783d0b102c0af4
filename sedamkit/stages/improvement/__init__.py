"""Stage 06, continuous improvement (clause 8.2): improvement candidates from every earlier stage,
ranked by impact and effort, and the next version of the plan. Logic: :mod:`.api`."""
from ...core.stagedef import Input, ResultField, StageDef

STAGE = StageDef(
    id="06_improvement", number=6, name="Continuous improvement", clause="8.2",
    summary="Ranked actions and an updated plan.",
    notebook="06_improvement.ipynb",
    upstream=("02_daap",),
    optional_upstream=("01_necessity_feasibility", "03_application", "04_customer_experience", "05_evaluation"),
    inputs=(Input("06_improvement/scores", "answers", required=False, what="impact and effort scores",
                  part="the impact / effort ranking"),
            Input("previous_actions", "client_file", required=False, default="previous_actions.yaml",
                  what="last cycle's actions (YAML)", part="the check of last cycle's actions",
                  load="stages.improvement.previous:load_previous_actions", marks=("actions",))),
    result_fields=(
        ResultField("candidates", "every candidate with its source stage and 8.2 heading"),
        ResultField("last_cycle", "per action of the last cycle: target KPI, before, after, verdict"),
    ),
    report="stages.improvement.report:section",
    exercises=("06_quick_wins", "06_headings"),
    exercise_module="stages.improvement.api",
    validate="stages.improvement.api:validate_client_inputs",
)
