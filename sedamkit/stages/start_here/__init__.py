"""Stage 00, orientation (clause 5): the pyramid, the model and how to use the kit. Teaching only:
a client run does not execute it."""
from ...core.stagedef import StageDef

STAGE = StageDef(
    id="00_start_here", number=0, name="Orientation", clause="5",
    summary="The pyramid, the model and how to use the kit.",
    notebook="00_start_here.ipynb", teaching_only=True,
)
