"""Stage 03, application across the four dimensions and nine elements (clause 7): the catalogue of
digital approaches, coverage of the elements, gaps and priorities. Logic: :mod:`.api`."""
from ...core.stagedef import Input, ResultField, StageDef

STAGE = StageDef(
    id="03_application", number=3, name="Application across the nine elements", clause="7",
    summary="Which approaches serve which element; gaps and priorities.",
    notebook="03_application.ipynb",
    optional_upstream=("02_daap",),
    inputs=(Input("application", "client_file", required=False, default="application.yaml",
                  what="application assessment (YAML)", validate="stages.application.results:validate_assessment_input",
                  part="the coverage of the nine elements",
                  load="stages.application.api:load_assessment", marks=("elements",)),),
    result_fields=(
        ResultField("coverage", "per element: approaches in use and planned, maturity"),
        ResultField("gaps", "elements with a gap, ranked, with reasons"),
    ),
    report="stages.application.report:section",
    figures=("03_coverage",),
    exercises=("03_coverage_counts", "03_priority_score", "03_recognised_teams"),
    exercise_module="stages.application.api",
    compute="stages.application.results:compute",
    candidates="stages.application.candidates:candidates",
)
