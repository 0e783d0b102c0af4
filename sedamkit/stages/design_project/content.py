"""The kit's own summaries of ISO/TS 24082 clauses 4 and 5, as data (numbers and headings cited; every
sentence is the kit's wording)."""
from __future__ import annotations

__all__ = ["DESIGN_PRINCIPLES", "SELF_CHECK", "ACTIVITIES", "PERSPECTIVES"]

#: The four principles of clause 4 (4.2–4.5): id -> (clause, name, what it asks, in the kit's words).
DESIGN_PRINCIPLES = {
    "emotional": ("4.2", "Emotional",
                  "Design for how customers feel, not only for what gets done: aim at delight — the sense of "
                  "being treated as a person and valued, sharpened by a pleasant surprise — not mere satisfaction."),
    "adaptive": ("4.3", "Adaptive",
                 "Expect customers, their situation and the wider environment to change, and let the service "
                 "respond quickly, both while it is delivered and through continual improvement."),
    "co_creative": ("4.4", "Co-creative with customer",
                    "Treat the customer as a partner who shapes the service and its value, in the design work "
                    "and at the touchpoints themselves."),
    "consistent": ("4.5", "Consistent with organization and customer perspectives",
                   "A design is only good when it works for both sides: it meets the customer's view and rests on "
                   "what the organization can do — find your level on the pyramid, then build the capability "
                   "that lifts it."),
}

#: Self-check questions per principle (answered 1 = not at all … 5 = fully).
SELF_CHECK = (
    ("emotional", "We know which moments of our journey carry the strongest feelings, good and bad."),
    ("emotional", "Our design goals name a feeling we want customers to have, not only a task to complete."),
    ("adaptive", "The service can change for a customer whose situation differs from the usual case."),
    ("adaptive", "We revisit the design when customer feedback or the context changes."),
    ("co_creative", "Customers take part in shaping new services (tests, workshops, co-design)."),
    ("co_creative", "At some touchpoints customers actively contribute and see the effect of what they do."),
    ("consistent", "Each design option is checked against our strategy, capabilities and costs."),
    ("consistent", "The customer's view and the organization's view are weighed in the same decision."),
)

#: The design activities of clause 5, in order: (clause, activity, what it produces, where the kit does it).
ACTIVITIES = (
    ("5.2", "Plan the design project", "scope, team, phases, customer involvement, budget",
     "07 § planning a design project"),
    ("5.3", "Understand and empathize with the customer", "needs, expectations, desires; persona and empathy map",
     "04 § Kano, NPS/CSAT/CES, comments; 07 § empathy tools"),
    ("5.4", "Define the design challenge and a unique value proposition",
     "problem and ideal-state statements, 'how might we' questions, the value proposition",
     "07 § framing the design challenge"),
    ("5.5", "Design the experience with touchpoints and data points",
     "journey map, touchpoint moves, data points with privacy by design", "04 § journey map, data points"),
    ("5.6", "Design a co-creation environment", "where and how strongly customers and staff create value together",
     "04 § co-creation"),
    ("5.7", "Evaluate the design", "a verdict from the customer, capability and sustainability perspectives",
     "07 § evaluating a design"),
)

#: The three evaluation perspectives of 5.7 (5.7.2–5.7.4) and the kit's questions for each.
PERSPECTIVES = {
    "customer": ("5.7.2", "Customer perspective",
                 "Do customers (or a realistic test with them) find the new experience better where it matters most?"),
    "capability": ("5.7.3", "Capability perspective",
                   "Can the organization deliver it with the people, processes, systems and data it has or plans?"),
    "sustainability": ("5.7.4", "Sustainability perspective",
                       "Will it last: affordable to run, good for the environment, fair to staff and customers?"),
}
