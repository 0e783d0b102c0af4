"""Seeded generator of the demo datasets (the fictional client Northwind Home Services).

Northwind Home Services is an invented regional home-repair and maintenance
company with three regions, North, Central and South. Everything here is
simulated; the numbers are shaped so the workbook has something to find:

* a Kano survey of 360 customers on seven features, in text wording
  (several wordings per answer, a few skipped answers);
* ratings and English comments per touchpoint of the demo journey
  (``datasets/demo/journey.yaml``), with clear pain points and moments of
  truth at risk;
* an NPS / CSAT / CES survey over eight quarters (2024Q1–2025Q4) and three
  regions: NPS and CSAT improve, CES stalls, the South lags;
* operations per quarter and region: retention and process completion time
  improve, costs fall, employee satisfaction stalls, employee turnover
  worsens, and the South lags on most of them.

Two more fictional clients, unlike the demo, come from the same generator with their own profiles
(:mod:`sedamkit.delivery.datagen_profiles`): ``hopitaux-estuaire``, a hospital group answering in
French with no journey and no Kano survey, and ``brightlane``, a retailer with its own Kano features,
four regions, a custom KPI's column and its self-assessment as a Microsoft Forms export.
:func:`client_files` returns every generated file of such a client (data, answers, exports) and
``python -m sedamkit.delivery.datagen --client ID`` writes them into ``datasets/ID``; their
``client.yaml``, ``plan.yaml`` and ``application.yaml`` are written by hand.

``generate(out_dir, seed)`` writes the demo's CSV files; the files committed in
``datasets/demo/data/`` are exactly its output with :data:`DEFAULT_SEED`
(``python -m sedamkit.delivery.datagen datasets/demo/data``). ``frames(seed)`` returns
the same tables without writing, and :func:`read_demo` reads the committed
files (or regenerates them when the folder is not there, e.g. in an installed
package).

Error codes
-----------
DATA003
    :func:`read_demo` was asked for a table that does not exist.

Examples
--------
>>> f = frames()
>>> sorted(f)
['cx_survey', 'journey_ratings', 'kano_survey', 'operations']
>>> f["operations"][["quarter", "region"]].drop_duplicates().shape[0]
24
"""
from __future__ import annotations

from ..core import paths as _paths
from .datagen_profiles import PROFILES

import argparse
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_SEED", "FILES", "CLIENTS", "CLIENT_DATA", "client_files", "generate_client", "forms_export", "QUARTERS", "REGIONS", "KANO_FEATURES", "TOUCHPOINT_PROFILE", "DEMO_DIR",
           "frames", "generate", "read_demo", "to_csv_text", "main"]

#: Seed of the committed demo data.
DEFAULT_SEED = 19384
QUARTERS = tuple(f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4))
REGIONS = ("North", "Central", "South")
#: File names written by :func:`generate`, by table name.
FILES = {"kano_survey": "kano_survey.csv", "journey_ratings": "journey_ratings.csv",
         "cx_survey": "cx_survey.csv", "operations": "operations.csv"}
#: The committed demo data folder (in a source checkout).
DEMO_DIR = _paths.demo_dir() / "data"

# --- Kano ------------------------------------------------------------------------------------
#: Features of the Kano survey: id → (description, true shares of A, O, M, I, R, Q).
KANO_FEATURES = {
    "online_booking": ("Book a visit online with a chosen time slot", (0.15, 0.44, 0.27, 0.09, 0.02, 0.03)),
    "arrival_tracking": ("See the technician's arrival time live on a map", (0.46, 0.24, 0.05, 0.21, 0.02, 0.02)),
    "fixed_price_quote": ("A fixed price agreed before the work starts", (0.06, 0.26, 0.50, 0.14, 0.01, 0.03)),
    "same_day_service": ("A technician the same day for urgent jobs", (0.34, 0.31, 0.10, 0.21, 0.02, 0.02)),
    "photo_diagnosis": ("Send photos for a diagnosis before the visit", (0.30, 0.10, 0.04, 0.48, 0.05, 0.03)),
    "eco_parts": ("Parts and materials with an eco label", (0.24, 0.08, 0.03, 0.52, 0.10, 0.03)),
    "loyalty_app": ("A loyalty app with points and reminders", (0.14, 0.04, 0.02, 0.58, 0.19, 0.03)),
}
_CELLS = {  # answer pairs (functional, dysfunctional) giving each category in the standard table
    "A": [(1, 2), (1, 3), (1, 4)], "O": [(1, 5)], "M": [(2, 5), (3, 5), (4, 5)],
    "I": [(f, d) for f in (2, 3, 4) for d in (2, 3, 4)],
    "R": [(5, 1), (5, 2), (5, 3), (5, 4), (2, 1), (3, 1), (4, 1)], "Q": [(1, 1), (5, 5)],
}
_CELL_WEIGHTS = {"A": [0.3, 0.5, 0.2], "M": [0.5, 0.2, 0.3]}
_WORDS = {
    1: (["I like it", "I like it that way", "I would enjoy it", "It would please me"], [0.7, 0.1, 0.1, 0.1]),
    2: (["I expect it", "It must be that way", "I take it for granted"], [0.6, 0.3, 0.1]),
    3: (["I am neutral", "I don't care", "It doesn't matter to me"], [0.7, 0.2, 0.1]),
    4: (["I can live with it", "I can tolerate it", "I can accept it"], [0.6, 0.3, 0.1]),
    5: (["I dislike it", "I don't like it", "I can't accept it"], [0.7, 0.2, 0.1]),
}
_IMPORTANCE_MEAN = {"A": 3.4, "O": 4.3, "M": 4.4, "I": 2.4, "R": 1.8, "Q": 3.0}

# --- journey ------------------------------------------------------------------------------------
#: Demo touchpoints: id → (true mean rating 1–5, share of customers who meet it).
TOUCHPOINT_PROFILE = {
    "review_sites": (3.6, 0.55), "website": (4.25, 0.75), "online_booking": (2.6, 0.62),
    "phone_booking": (3.2, 0.38), "booking_confirmation": (4.1, 0.95), "printed_quote": (2.3, 0.12),
    "home_preparation": (3.3, 0.70), "arrival_tracking": (2.3, 0.80), "technician_arrival": (3.6, 1.0),
    "repair_work": (4.4, 1.0), "invoice_payment": (2.8, 0.92), "social_sharing": (3.9, 0.30),
}
_COMMENTS = {
    "review_sites": {
        "neg": ["The reviews online are all over the place, hard to know what to believe.",
                "Lots of one-star reviews about no-shows. Made me nervous."],
        "neu": ["Read a few reviews before choosing.", "Ratings looked about average."],
        "pos": ["Great reviews from people in my street, that convinced me.", "Reviews were honest and helpful."],
    },
    "website": {
        "neg": ["Couldn't find prices anywhere on the website.", "The site is slow and confusing on my phone."],
        "neu": ["Website does the job.", "Found the phone number on the site."],
        "pos": ["Clear website, I found the right service in a minute.", "Love that prices are shown upfront!"],
    },
    "online_booking": {
        "neg": ["The booking form crashed twice and I had to start again. Very frustrating.",
                "No slots for two weeks online, useless when your tap is leaking.",
                "Booking online was a nightmare, the calendar kept resetting.",
                "Terrible booking page, it asked for my address three times."],
        "neu": ["Booked online, took a while.", "The form was long but it worked."],
        "pos": ["Booking online was quick and easy.", "Great that I could pick an evening slot online."],
    },
    "phone_booking": {
        "neg": ["Waited 25 minutes on hold. Awful.", "The call centre closed at 5, I couldn't reach anyone."],
        "neu": ["Phoned to book, they took my details.", "The agent booked a slot for Tuesday."],
        "pos": ["The lady on the phone was lovely and very helpful.", "Friendly agent, sorted in five minutes."],
    },
    "booking_confirmation": {
        "neg": ["The confirmation had the wrong date on it."],
        "neu": ["Got an email with the booking reference.", "Received a text message."],
        "pos": ["Clear confirmation straight away, great.", "Nice reminder the day before, very useful."],
    },
    "printed_quote": {
        "neg": ["The paper quote arrived after the job was done. Pointless.",
                "Why post a quote? It took a week and I lost it."],
        "neu": ["Received a printed quote by post."],
        "pos": ["Liked having the quote on paper."],
    },
    "home_preparation": {
        "neg": ["Nobody told me what to prepare, the technician couldn't reach the pipes.",
                "Uploading photos didn't work, the link was broken."],
        "neu": ["Moved the furniture before they came.", "Sent two photos of the leak."],
        "pos": ["The checklist of what to prepare was really helpful."],
    },
    "arrival_tracking": {
        "neg": ["The tracking map said 10 minutes for over an hour. Useless.",
                "Tracking link never loaded, I waited in all day for nothing.",
                "Arrival time kept changing, I had to cancel a meeting. Really annoying.",
                "The app showed him at the wrong address. Horrible experience."],
        "neu": ["Checked the tracking link once.", "The estimate was roughly right."],
        "pos": ["Loved seeing exactly when he would arrive!", "Tracking was accurate, great feature."],
    },
    "technician_arrival": {
        "neg": ["He arrived two hours late without calling. Not acceptable.",
                "Technician was rude at the door and didn't show any ID."],
        "neu": ["Technician arrived in the afternoon.", "He came within the slot."],
        "pos": ["Polite, on time and wore shoe covers, excellent.", "Friendly technician, showed his ID straight away."],
    },
    "repair_work": {
        "neg": ["The leak came back the next day. Very disappointed.",
                "He had to come back twice because the part was missing."],
        "neu": ["Repair done.", "Fixed the tap, took about an hour."],
        "pos": ["Excellent work, he explained everything and left it spotless.",
                "Fixed first time, brilliant service!", "Really professional, I will definitely use Northwind again.",
                "Great job, clear explanation of the options and the cost."],
    },
    "invoice_payment": {
        "neg": ["The invoice was higher than the quote and nobody explained why. I feel overcharged.",
                "Payment link expired and then I got a reminder letter. Ridiculous.",
                "Confusing invoice, hidden call-out fee."],
        "neu": ["Paid by card through the link.", "Invoice arrived by email."],
        "pos": ["Easy payment, clear invoice.", "Paying online took seconds, nice."],
    },
    "social_sharing": {
        "neg": ["Posted a warning in the neighbourhood group, avoid them."],
        "neu": ["Mentioned them to a neighbour."],
        "pos": ["Recommended Northwind to my sister, great experience.", "Left a five-star review, well deserved!"],
    },
}


def _seeds(seed):
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4)]


_DEMO_SEGMENT = ("customer_type", ("homeowner", "tenant", "landlord"), (0.6, 0.25, 0.15))


def _kano(rng, n=360, *, features=None, words=None, regions=REGIONS, region_p=(0.4, 0.35, 0.25),
          segment=_DEMO_SEGMENT, prefix="K"):
    """A wide Kano survey (the demo's by default; a client profile passes its own features and words)."""
    cats = np.array(list("AOMIRQ"))
    seg_col, seg_values, seg_p = segment
    data = {"respondent": [f"{prefix}{i:04d}" for i in range(1, n + 1)],
            "region": rng.choice(list(regions), size=n, p=list(region_p)),
            seg_col: rng.choice(list(seg_values), size=n, p=list(seg_p))}
    for feat, (_, shares) in (features or KANO_FEATURES).items():
        cat = rng.choice(cats, size=n, p=shares)
        f = np.zeros(n, int)
        d = np.zeros(n, int)
        for c in cats:
            idx = np.where(cat == c)[0]
            cells = _CELLS[c]
            pick = rng.choice(len(cells), size=len(idx), p=_CELL_WEIGHTS.get(c))
            f[idx] = [cells[k][0] for k in pick]
            d[idx] = [cells[k][1] for k in pick]
        fw = np.empty(n, dtype=object)
        dw = np.empty(n, dtype=object)
        for code, (wording, p) in (words or _WORDS).items():
            for arr, ans in ((fw, f), (dw, d)):
                idx = np.where(ans == code)[0]
                arr[idx] = rng.choice(wording, size=len(idx), p=p)
        skip_f = rng.random(n) < 0.01
        skip_d = rng.random(n) < 0.01
        fw[skip_f] = None
        dw[skip_d] = None
        imp = np.clip(np.rint(np.array([_IMPORTANCE_MEAN[c] for c in cat]) + rng.normal(0, 0.8, n)), 1, 5)
        data[f"{feat}_functional"] = fw
        data[f"{feat}_dysfunctional"] = dw
        data[f"{feat}_importance"] = imp.astype(np.int64)
    return pd.DataFrame(data)


def _rating_probs(mean, sd=0.95):
    # a discretised normal on 1..5, shifted until its mean matches the target
    pts = np.arange(1, 6)
    mu = mean
    for _ in range(50):
        w = np.exp(-0.5 * ((pts - mu) / sd) ** 2)
        w /= w.sum()
        mu += mean - (w * pts).sum()
    return w


def _journey(rng, n=420):
    rows = []
    probs = {tp: _rating_probs(m) for tp, (m, _) in TOUCHPOINT_PROFILE.items()}
    for i in range(1, n + 1):
        rid = f"J{i:04d}"
        region = REGIONS[rng.choice(3, p=[0.4, 0.35, 0.25])]
        quarter = QUARTERS[4 + rng.integers(0, 4)]                     # surveyed during 2025
        online = rng.random() < TOUCHPOINT_PROFILE["online_booking"][1]
        mood = rng.normal(0, 0.35)                                      # some customers rate higher overall
        for tp, (_, reach) in TOUCHPOINT_PROFILE.items():
            if tp == "online_booking" and not online or tp == "phone_booking" and online:
                continue
            if tp not in ("online_booking", "phone_booking") and rng.random() > reach:
                continue
            p = probs[tp]
            r = int(np.clip(rng.choice(np.arange(1, 6), p=p) + np.rint(mood), 1, 5))
            comment = None
            if rng.random() < 0.4:
                kind = "neg" if r <= 2 else "neu" if r == 3 else "pos"
                bank = _COMMENTS[tp][kind]
                comment = bank[rng.integers(0, len(bank))]
            rows.append((rid, quarter, region, tp, r, comment))
    return pd.DataFrame(rows, columns=["respondent", "quarter", "region", "touchpoint", "rating", "comment"])


def _trend(t, start, end, region, lag=0.0):
    """Linear path from start to end over the 8 quarters; the South moves ``lag`` of the way only."""
    frac = t / (len(QUARTERS) - 1)
    if region == "South":
        frac *= lag
    return start + (end - start) * frac


def _cx(rng, per_cell=250):
    rows = []
    rid = 0
    base = {"North": 0.0, "Central": 0.02, "South": -0.04}
    for t, q in enumerate(QUARTERS):
        for region in REGIONS:
            n = per_cell + int(rng.integers(-30, 31))
            prom = _trend(t, 0.34, 0.55, region, lag=0.2) + base[region]
            det = _trend(t, 0.26, 0.12, region, lag=0.2) - base[region] / 2
            top2 = _trend(t, 0.70, 0.81, region, lag=0.3) + base[region]
            online = _trend(t, 0.30, 0.60, region, lag=0.8)
            kind = rng.choice(3, size=n, p=[prom, 1 - prom - det, det])
            nps = np.where(kind == 0, rng.choice([9, 10], size=n, p=[0.45, 0.55]),
                           np.where(kind == 1, rng.choice([7, 8], size=n),
                                    rng.choice(np.arange(7), size=n, p=[.04, .04, .07, .1, .15, .25, .35])))
            sat = rng.random(n) < top2
            csat = np.where(sat, rng.choice([4, 5], size=n, p=[0.55, 0.45]),
                            rng.choice([1, 2, 3], size=n, p=[0.15, 0.3, 0.55]))
            ces_p = np.array([0.04, 0.06, 0.12, 0.18, 0.25, 0.22, 0.13])   # stalls: same every quarter
            ces = rng.choice(np.arange(1, 8), size=n, p=ces_p)
            channel = rng.choice(["online", "phone", "technician"], size=n,
                                 p=[online, (1 - online) * 0.6, (1 - online) * 0.4])
            for k in range(n):
                rid += 1
                rows.append((f"S{rid:05d}", q, region, channel[k], int(nps[k]), int(csat[k]), int(ces[k])))
    return pd.DataFrame(rows, columns=["response_id", "quarter", "region", "channel", "nps", "csat", "ces"])


def _ops(rng):
    rows = []
    customers = {"North": 5200, "Central": 4300, "South": 3100}
    staff = {"North": 120, "Central": 104, "South": 78}
    cost0 = {"North": 2_450_000.0, "Central": 2_080_000.0, "South": 1_560_000.0}
    for t, q in enumerate(QUARTERS):
        for region in REGIONS:
            start = customers[region]
            ret_rate = _trend(t, 0.845, 0.905, region, lag=0.15) + rng.normal(0, 0.004)
            retained = int(round(start * ret_rate))
            new = int(round(start * (0.11 + rng.normal(0, 0.01))))
            end = retained + new
            customers[region] = end
            e_start = staff[region]
            turnover = _trend(t, 0.030, 0.056, region, lag=1.0) + (0.006 if region == "South" else 0) \
                + rng.normal(0, 0.003)
            leavers = int(round(e_start * max(turnover, 0)))
            hires = leavers + int(rng.integers(-1, 3))
            e_end = e_start - leavers + hires
            staff[region] = e_end
            esat_n = int(round(0.7 * e_start))
            esat_mean = round(3.62 + (-0.12 if region == "South" else 0) + rng.normal(0, 0.04), 2)  # stalls
            esat_sd = round(0.85 + rng.normal(0, 0.03), 2)
            cost = cost0[region] * (1 + _trend(t, 0.0, -0.09, region, lag=-0.3)) * (1 + rng.normal(0, 0.006))
            jobs = int(round(start * 0.55 * (1 + rng.normal(0, 0.03))))
            minutes = _trend(t, 184.0, 148.0, region, lag=0.35) + rng.normal(0, 2.5)
            rows.append((q, region, start, retained, new, end, e_start, e_end, leavers, esat_n, esat_mean, esat_sd,
                         round(cost, 2), jobs, round(minutes, 1), round(62 + rng.normal(0, 3), 1)))
    return pd.DataFrame(rows, columns=[
        "quarter", "region", "customers_start", "customers_retained", "customers_new", "customers_end",
        "employees_start", "employees_end", "leavers", "esat_n", "esat_mean", "esat_sd", "operating_cost",
        "jobs_completed", "process_minutes_mean", "process_minutes_sd"])


def frames(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Generate the demo tables in memory (the same content :func:`generate` writes).

    Returns
    -------
    dict of str → pandas.DataFrame
        ``kano_survey``, ``journey_ratings``, ``cx_survey``, ``operations``; see
        ``datasets/demo/data/README.md`` for every column.
    """
    rk, rj, rc, ro = _seeds(seed)
    out = {"kano_survey": _kano(rk), "journey_ratings": _journey(rj), "cx_survey": _cx(rc), "operations": _ops(ro)}
    # normalise through CSV so the in-memory frames equal what a CSV re-read gives
    return {k: pd.read_csv(io.StringIO(to_csv_text(v))) for k, v in out.items()}


def to_csv_text(frame: pd.DataFrame) -> str:
    """The exact CSV text the generator writes (UTF-8, ``\\n`` line ends, no index)."""
    return frame.to_csv(index=False, lineterminator="\n")


def generate(out_dir, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo CSV files into ``out_dir`` (created if needed, atomic writes); return their paths."""
    from ..core.fileio import atomic_write_text

    out_dir = Path(out_dir)
    paths = []
    for name, frame in frames(seed).items():
        paths.append(atomic_write_text(out_dir / FILES[name], to_csv_text(frame)))
    return paths


def read_demo(name: str, folder=None) -> pd.DataFrame:
    """Read one demo table (``kano_survey``, ``journey_ratings``, ``cx_survey``, ``operations``).

    Reads ``folder`` (default: the committed ``datasets/demo/data``); when that
    file does not exist, the table is generated with the default seed instead.
    """
    from ..core.errors import Problem, SedamError

    if name not in FILES:
        raise SedamError(Problem("DATA003", None, "name", f"unknown demo table {name!r}",
                                 f"use one of: {', '.join(FILES)}"))
    path = Path(folder or DEMO_DIR) / FILES[name]
    if path.exists():
        return pd.read_csv(path)
    return frames()[name]


# --- other clients ------------------------------------------------------------------------------
#: Folder names of the other fictional clients (profiles in :mod:`sedamkit.delivery.datagen_profiles`).
CLIENTS = tuple(PROFILES)
#: Dataset files of a generated client, by data key of its client.yaml.
CLIENT_DATA = {"kano_survey": "data/kano_survey.csv", "cx_survey": "data/cx_survey.csv",
               "operations": "data/operations.csv"}


def _path_of(quarters, t, start, end, lag=1.0):
    """Linear path over the client's quarters; ``lag`` < 1 moves only that part of the way."""
    return start + (end - start) * (t / (len(quarters) - 1)) * lag


def _client_cx(rng, prof):
    c, qs, regions = prof["cx"], prof["quarters"], prof["regions"]
    rows, rid = [], 0
    for t, q in enumerate(qs):
        for region in regions:
            n = c["per_cell"] + int(rng.integers(-c["per_cell"] // 8, c["per_cell"] // 8 + 1))
            off = c["offset"][region]
            lag = 0.3 if off < 0 else 1.0
            prom = _path_of(qs, t, *c["promoters"], lag) + off
            det = _path_of(qs, t, *c["detractors"], lag) - off / 2
            top2 = _path_of(qs, t, *c["satisfied"], lag) + off
            kind = rng.choice(3, size=n, p=[prom, 1 - prom - det, det])
            nps = np.where(kind == 0, rng.choice([9, 10], size=n, p=[0.5, 0.5]),
                           np.where(kind == 1, rng.choice([7, 8], size=n),
                                    rng.choice(np.arange(7), size=n, p=[.05, .05, .08, .1, .17, .25, .30])))
            sat = rng.random(n) < top2
            csat = np.where(sat, rng.choice([4, 5], size=n, p=[0.6, 0.4]), rng.choice([1, 2, 3], size=n, p=[0.2, 0.3, 0.5]))
            ces = rng.choice(np.arange(1, 8), size=n, p=list(c["ces_p"]))
            channel = rng.choice(list(c["channels"]), size=n, p=list(c["channel_p"]))
            for k in range(n):
                rid += 1
                rows.append((f"R{rid:05d}", q, region, channel[k], int(nps[k]), int(csat[k]), int(ces[k])))
    return pd.DataFrame(rows, columns=["response_id", "quarter", "region", "channel", "nps", "csat", "ces"])


def _client_ops(rng, prof):
    o, qs, regions = prof["ops"], prof["quarters"], prof["regions"]
    customers = dict(o["customers"] or {})
    staff = dict(o["staff"])
    rows = []
    for t, q in enumerate(qs):
        for region in regions:
            lag = 0.3 if prof["cx"]["offset"][region] < 0 else 1.0
            row = {"quarter": q, "region": region}
            if o["customers"]:
                start = customers[region]
                retained = int(round(start * (_path_of(qs, t, 0.80, 0.84, lag) + rng.normal(0, 0.005))))
                end = retained + int(round(start * (0.19 + rng.normal(0, 0.01))))
                customers[region] = end
                row.update(customers_start=start, customers_retained=retained, customers_end=end)
            e_start = staff[region]
            leavers = int(round(e_start * max(_path_of(qs, t, *o["turnover"], lag) + rng.normal(0, 0.003), 0)))
            e_end = e_start + int(rng.integers(-2, 3))   # leavers are replaced, give or take
            staff[region] = e_end
            row.update(employees_start=e_start, employees_end=e_end, leavers=leavers, esat_n=int(round(0.6 * e_start)),
                       esat_mean=round(o["esat"] + 0.1 * t / len(qs) + rng.normal(0, 0.04), 2),
                       esat_sd=round(0.9 + rng.normal(0, 0.03), 2))
            if o["cost"]:
                row["operating_cost"] = round(o["cost"][region] * (1 + _path_of(qs, t, 0.0, -0.05, lag))
                                              * (1 + rng.normal(0, 0.006)), 2)
            if o["minutes"]:
                row.update(jobs_completed=int(round(e_start * o["cases_per_staff"] * (1 + rng.normal(0, 0.03)))),
                           process_minutes_mean=round(_path_of(qs, t, *o["minutes"], lag) + rng.normal(0, 3), 1),
                           process_minutes_sd=round(88 + rng.normal(0, 4), 1))
            if o["custom"]:
                cu = o["custom"]
                row[cu["column"]] = round(_path_of(qs, t, cu["start"], cu["end"], lag) + rng.normal(0, 0.6), 1)
            rows.append(row)
    return pd.DataFrame(rows)


def _answer(rng, mean, scale_max=5):
    return int(np.clip(np.rint(mean + rng.normal(0, 0.75)), 1, scale_max))


def _self_assessment(rng, prof):
    """One answers document per member of the client's team (stage 01), with "don't know" answers."""
    from ..core.spec import load_spec

    spec = load_spec("necessity_feasibility")
    docs = []
    for rid, name, _role in prof["team"]:
        lean = rng.normal(0, 0.3)                           # some managers rate higher overall
        answers = {}
        for it in spec.items:
            if not spec.visible(it, answers):
                continue
            v = _answer(rng, prof["self_assessment"][it.area] + lean)
            answers[it.id] = None if rng.random() < 0.05 else (6 - v if it.reverse else v)
        comments = {k: v for k, v in prof["comments"].items() if k in answers and rid == prof["team"][len(docs) % 2][0]}
        docs.append({"questionnaire": spec.id, "version": spec.version, "respondent": rid, "name": name,
                     "updated": prof["updated"], "answers": answers, "comments": comments})
    return docs


def _rated(rng, prof, key, questionnaire, item_ids):
    part = prof[key]
    if not part:
        return []
    names = {r: n for r, n, _ in prof["team"]}
    docs = []
    for rid in part["team"]:
        answers = {i: (None if rng.random() < 0.04 else _answer(rng, part["mean"])) for i in item_ids}
        comments = {k: v for k, v in (part.get("comments") or {}).items() if rid == part["team"][0]}
        docs.append({"questionnaire": questionnaire, "version": 1, "respondent": rid, "name": names[rid],
                     "updated": prof["updated"], "answers": answers, "comments": comments})
    return docs


def _plan_approaches(client_dir) -> list[str]:
    """Approach ids of a client's plan phases, in plan order (each once)."""
    from ..core.fileio import read_yaml

    plan = read_yaml(Path(client_dir) / "plan.yaml")
    out = []
    for ph in plan.get("phases") or []:
        for a in ph.get("approaches") or []:
            a = a["approach"] if isinstance(a, dict) else a
            if a not in out:
                out.append(a)
    return out


def client_files(client: str, client_dir=None) -> dict[str, bytes]:
    """Every generated file of a fictional client (not the demo), by path relative to its folder.

    The hand-written files of the folder (``client.yaml``, ``plan.yaml``, ``application.yaml``) are
    not generated; the plan is read for the approach ratings. ``client_dir`` defaults to the
    committed folder ``datasets/<client>``.
    """
    import json

    from ..core.errors import Problem, SedamError
    from ..core.spec import load_spec

    if client not in PROFILES:
        raise SedamError(Problem("DATA003", None, "client", f"no generator profile for client {client!r}",
                                 f"use one of: {', '.join(CLIENTS)}"))
    prof = PROFILES[client]
    cdir = Path(client_dir) if client_dir else _paths.demo_dir().parent / client
    rk, rc, ro, ra = [np.random.default_rng(s) for s in np.random.SeedSequence(prof["seed"]).spawn(4)]
    tables = {"cx_survey": _client_cx(rc, prof), "operations": _client_ops(ro, prof)}
    if prof["kano"]:
        k = prof["kano"]
        tables["kano_survey"] = _kano(rk, k["n"], features=k["features"], words=k["words"], regions=prof["regions"],
                                      region_p=prof["region_weights"], segment=k["segment"], prefix=k["prefix"])
    out = {CLIENT_DATA[name]: to_csv_text(frame).encode("utf-8") for name, frame in tables.items()}
    docs = {"01_necessity_feasibility": _self_assessment(ra, prof)}
    mission_ids = [it.id for it in load_spec("mission_review").items]
    docs["05_evaluation/mission"] = _rated(ra, prof, "mission", "mission_review", mission_ids)
    if prof["approaches"]:
        ids = [f"{a}__{c}" for a in _plan_approaches(cdir) for c in ("suitable", "beneficial", "used")]
        docs["05_evaluation/approaches"] = _rated(ra, prof, "approaches", "approach_ratings", ids)
    for folder, items in docs.items():
        for doc in items:
            out[f"answers/{folder}/{doc['respondent']}.json"] = \
                (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if prof["export"]:
        out[prof["export"]["file"]] = forms_export(docs["01_necessity_feasibility"], prof)
    return out


def forms_export(docs, prof) -> bytes:
    """The self-assessment as Microsoft Forms exports it (xlsx bytes, the same every time).

    Columns: ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``, then one column per
    item headed by its English text; answers are the scale's labels with their number
    (``"4 - Agree"``) and ``"Don’t know"`` (typographic apostrophe) for a null answer; items a
    respondent was not shown are empty.
    """
    import datetime as dt
    import re
    import zipfile

    from openpyxl import Workbook

    from ..core.spec import load_spec

    spec = load_spec("necessity_feasibility")
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Start time", "Completion time", "Email", "Name"] + [spec.text(it.text, "en") for it in spec.items])
    start = dt.datetime.fromisoformat(prof["export"]["start"])
    for n, doc in enumerate(docs, start=1):
        began = start + dt.timedelta(hours=5 * n, minutes=7 * n)
        row = [n, began, began + dt.timedelta(minutes=14 + 3 * n), f"{doc['respondent'].replace('-', '.')}@"
               f"{prof['export']['domain']}", doc["name"]]
        for it in spec.items:
            if it.id not in doc["answers"]:
                row.append(None)
                continue
            v = doc["answers"][it.id]
            scale = spec.scales[it.scale]
            row.append("Don\u2019t know" if v is None else f"{v} - {spec.text(scale.labels[v], 'en')}")
        ws.append(row)
    wb.properties.creator = "Microsoft Forms"
    wb.properties.created = wb.properties.modified = start
    buf = io.BytesIO()
    wb.save(buf)
    fixed = io.BytesIO()  # the zip entries carry the time of writing: set them, so the bytes repeat
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' with the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + start.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                              data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=start.timetuple()[:6]), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def generate_client(client: str, client_dir=None) -> list[Path]:
    """Write the generated files of a fictional client into its folder (atomic writes); return their paths."""
    from ..core.fileio import atomic_write_bytes

    cdir = Path(client_dir) if client_dir else _paths.demo_dir().parent / client
    return [atomic_write_bytes(cdir / rel, data) for rel, data in client_files(client, cdir).items()]


def main(argv=None) -> int:
    """``python -m sedamkit.delivery.datagen OUT_DIR [--seed N]`` (the demo's data files), or
    ``python -m sedamkit.delivery.datagen --client ID [CLIENT_DIR]`` (another fictional client's files)."""
    ap = argparse.ArgumentParser(prog="python -m sedamkit.delivery.datagen",
                                 description="Write the datasets of the fictional clients: the Northwind Home "
                                             "Services demo (CSV), or another client with --client.")
    ap.add_argument("out_dir", nargs="?", help="folder to write into (created if needed); with --client, the "
                                               "client folder (default: the committed one)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed of the demo (default {DEFAULT_SEED})")
    ap.add_argument("--client", choices=CLIENTS, help="generate this client's files instead of the demo's")
    args = ap.parse_args(argv)
    if args.client:
        paths = generate_client(args.client, args.out_dir)
    elif not args.out_dir:
        ap.error("give OUT_DIR (or --client ID)")
    else:
        paths = generate(args.out_dir, args.seed)
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
