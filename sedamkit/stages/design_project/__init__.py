"""Companion 07, the design project of ISO/TS 24082 (clauses 4 and 5): the four principles with a
self-check, the design process as a whole, planning a project, empathy tools (persona, empathy map),
framing the design challenge and a unique value proposition, and evaluating a design from three
perspectives. Teaching only, like the orientation: a client run does not execute it; its worked
examples read the client's stage-04 data. Logic: :mod:`.api`."""
from ...core.stagedef import StageDef

STAGE = StageDef(
    id="07_design_project", number=7, name="The design project (ISO/TS 24082)", clause="24082 4; 24082 5",
    summary="Principles, process, plan, empathy, design challenge and evaluation of a service design project.",
    notebook="07_design_project.ipynb", teaching_only=True,
    exercises=("07_principle_match", "07_hmw_question", "07_design_evaluation"),
    exercise_module="stages.design_project.exercises",
)
