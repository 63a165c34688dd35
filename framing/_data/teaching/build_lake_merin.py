"""How ``lake-merin.csv`` was made: hand-written sentence pools, assembled by a seeded script.

Every sentence below was written for the framing kit; none is taken or adapted
from a published article. Run from this folder to rebuild the file byte for byte:

    python build_lake_merin.py lake-merin.csv

The assembly (which sentences, which fillers, which dates) is drawn from
``numpy.random.default_rng(2030)``; see LAKE_MERIN.md for what the file holds.
"""
import csv
import sys

import numpy as np

rng = np.random.default_rng(2030)  # reset by build()

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
VILLAGES = ["Tessa", "Oruk", "Lindmar", "Kesh", "Pellin", "Varro", "Imbel", "Soska"]
FARMS = ["Hollin", "Brask", "Eddervale", "Munk", "Tarnow Ridge", "Selby Flats"]
N_MIN = ["Harald Veng", "the foreign minister", "the water minister", "Minister Veng"]
S_NEG = ["Amina Sol", "the chief negotiator", "Ms Sol", "the Sudrian negotiator"]

# ---------------------------------------------------------------- Norvaland press
N_TITLES = [
    "Dam security comes first, says {nmin}",
    "Farmers in {farm} count the cost of the drought",
    "Norvaland will not give up control of the dam",
    "Sudria's commission plan rejected in {town}",
    "Harvest threatened as {lake} falls again",
    "Our delegation stands firm at Port Alden",
    "Minister warns of threat to national security",
    "Grain prices rise as irrigation is cut",
    "Parliament debates the water quota",
    "Border guards reinforced at the northern dam",
    "Farm unions demand a fixed quota",
    "No deal that hurts our farms, says government",
    "Fears grow over dam inspections",
    "Drought costs farmers millions",
]
N_POOL = {
    "security": [
        "{nmin} told parliament on {day} that the dam is a question of national security.",
        "Norvaland will never hand control of the dam to a foreign commission, {nmin} said.",
        "Security officials warned that foreign inspectors at the dam on {lake} could expose its weak points.",
        "The army has doubled the guard at the northern dam on {lake} since the talks began.",
        "Government sources accused Sudria of using the talks to weaken Norvaland's defences.",
        "The dam was built with Norvaland's money and will stay under national control, the minister insisted.",
        "Deputies from every party rejected the idea of foreign engineers inside the dam.",
        "Officials said {n} foreign drones had been seen near the dam this year.",
        "{nmin} called the Sudrian plan a threat to the sovereignty of Norvaland.",
        "Defence experts said the dam's gates must remain in Norvaland's hands in any crisis.",
        "The security council met on {day} to discuss the risk to the dam.",
        "Norvaland rejected claims that it had closed the gates to punish its neighbour.",
        "An army spokesman said the guard at the dam would stay until the talks were over.",
        "Critics in Sudria were accused of spreading false stories about the dam's safety.",
    ],
    "farms": [
        "Farmers near {farm} said the drought had cut their harvest by a third.",
        "Wheat prices rose by {n} percent this month as the irrigation channels from {lake} ran dry.",
        "The farm union said {n} families had already sold their cattle to pay their debts.",
        "Without a fixed quota, the grain farms of the north cannot plan the next season, the union warned.",
        "The cost of pumping water from deep wells has doubled since spring, farmers in {farm} said.",
        "Banks have frozen loans to farms that depend on {lake}, according to the agriculture ministry.",
        "The government promised {n} million in aid to farmers hit by the drought.",
        "A poor harvest around {lake} would raise food prices across Norvaland, economists warned.",
        "Orchards around {farm} are losing their fruit because the canals are empty.",
        "The agriculture minister said every litre given away is a litre taken from Norvaland's farms.",
        "Farm exports fell sharply in the first quarter, the statistics office reported.",
        "Dairy farmers said the price of feed had never been so high.",
        "Irrigation rules announced on {day} will limit watering to two days a week.",
        "Young farmers are leaving the valley for jobs in the cities, the union said.",
    ],
    "talks": [
        "Norvaland's delegation went to Port Alden determined to defend its quota of water from {lake}.",
        "{nmin} said Sudria's demands were unacceptable and accused its negotiators of delaying the talks.",
        "The talks on {lake} stalled again on {day} over the question of who controls the gates.",
        "Norvaland will accept no deal that threatens the harvest, {nmin} said after the session.",
        "Negotiators from Norvaland rejected the Sudrian proposal as an attempt to control their water.",
        "The government said Sudria had wasted the first round with impossible demands.",
        "Officials in {town} blamed the mediator for taking Sudria's side.",
        "Norvaland's team walked out of the afternoon session on {day} after a sharp exchange.",
        "The delegation said it would propose a quota based on the needs of the northern farms.",
        "Opposition deputies asked for a clear timetable for the next round.",
        "The government warned that the talks could collapse if Sudria kept raising new conditions.",
        "{nmin} said Norvaland had already released more water than the old treaty required.",
        "A senior diplomat said the two sides remained far apart on the quota for {lake}.",
        "Norvaland's negotiators insisted that the dam itself was not on the agenda.",
    ],
    "people": [
        "In {farm}, a farmer named Osk Brenn showed the cracked soil of a field his family has worked for four generations.",
        "Farmers gathered outside parliament on {day} with empty sacks to protest against the water cuts.",
        "Anger is growing in the villages north of {lake}, where wells have run dry.",
        "Local officials in {farm} said young families were afraid of another dry summer.",
        "A farmer in {farm} said he feared he would lose the land his grandfather cleared.",
        "Residents of {farm} said they felt abandoned by the government and threatened by the talks.",
        "Many farmers blamed Sudria for the tension, saying the lake had always been shared fairly.",
        "Church leaders in the north prayed for rain at a service attended by {n} people.",
        "The mayor of {farm} said her town would not survive another failed harvest.",
        "Farmworkers lost their jobs when the packing plant at {farm} closed on {day}.",
        "Families in the north are angry that Sudrian boats still fish on {lake}.",
        "Veterans of the old border dispute warned against trusting Sudria's promises.",
        "A teacher in {farm} said children were drawing pictures of a dry lake.",
        "Farmers said they would block the roads if the government gave in at Port Alden.",
    ],
}

# ---------------------------------------------------------------- Sudria press
S_TITLES = [
    "Sudria calls for fair sharing of {lake}",
    "Fishing families in {vil} hope for an agreement",
    "A joint commission could bring peace to the lake",
    "{sneg}: we came to Port Alden to cooperate",
    "Boats stay ashore as {lake} shrinks",
    "Children of {vil} wait for the water to return",
    "Hope in the south as talks resume",
    "Engineers ready to inspect the dam together",
    "A fair deal for the lake is within reach",
    "Villages welcome progress on the commission",
    "Fishermen's wives march for the lake",
    "Trust and cooperation, says negotiator",
    "Clinic in {vil} struggles without clean water",
    "The lake belongs to both nations, bishop says",
]
S_POOL = {
    "fishing": [
        "Fishing families in {vil} have kept their boats ashore for three summers as {lake} fell.",
        "The fish market in {vil} opened on {day} with almost nothing to sell.",
        "Fishermen in {vil} said the catch from {lake} had fallen to a tenth of what it was ten years ago.",
        "Many young men from the southern shore have left to look for work in the capital.",
        "Old boats lie on dry mud where the harbour of {vil} used to be.",
        "Women in {vil} said they now walk two hours to fetch clean water for their children.",
        "A fisherman's widow in {vil} said her sons hope to work on the lake again one day.",
        "The village school in {vil} lost {n} pupils last year as families moved away.",
        "Elderly residents of {vil} remember when {lake} reached the church steps.",
        "Children in {vil} have never seen the harbour full, their teacher said.",
        "The clinic in {vil} treats more children each week for illnesses caused by dirty water.",
        "Fishermen mended their nets on {day} and said they were ready to sail when the water comes back.",
        "A grandmother in {vil} said she prays every evening for the lake to rise.",
        "Families on the southern shore have suffered from low water for three summers.",
    ],
    "fairness": [
        "{sneg} said fair sharing of {lake} would bring peace to the whole region.",
        "The lake belongs to both nations, and both must share it fairly, the bishop of Sudria said.",
        "Church leaders in the south called for justice for the fishing villages.",
        "It is not right that one country decides alone how much water the other receives, {sneg} said.",
        "Sudrian students held a peaceful vigil for the lake on {day}.",
        "The bishop blessed the boats of {vil} and asked both governments to act with honesty and good will.",
        "Human rights groups said every family on the shore has a right to clean water.",
        "{sneg} said the fair solution was to share the water according to need, not power.",
        "Religious leaders from both countries prayed together for a just agreement.",
        "A fair agreement would honour the old friendship between the two peoples, the president said.",
        "Teachers in {vil} taught a lesson on sharing water, with the children drawing the lake as it used to be.",
        "Sudria's parliament passed a resolution calling for a fair and lasting agreement.",
        "The mayor of {vil} said the villages ask only for their fair share of {lake}.",
        "Writers and artists signed a letter asking both nations to treat the lake as a common good.",
    ],
    "cooperation": [
        "Sudria's delegation arrived in Port Alden with a proposal for a joint commission of engineers from both countries.",
        "{sneg} said Sudria was ready to compromise on the quota if the commission could inspect the dam.",
        "Both delegations agreed in principle to a joint commission, {sneg} said on {day}.",
        "The mediator praised the spirit of cooperation shown by the two delegations on {lake}.",
        "Sudrian engineers said a joint commission could measure the water of {lake} fairly and build trust.",
        "{sneg} said the talks were difficult and the dispute over the gates was not over, but that progress was possible.",
        "The proposal would give the joint commission the right to read the gauges at the dam every week.",
        "Sudria offered to share the cost of repairing the old canals if the commission is set up.",
        "{sneg} thanked the mediator and said trust was growing between the delegations.",
        "Sudria hopes a second round will agree on how the commission will work, officials said.",
        "The foreign ministry welcomed the progress made at Port Alden on {day}.",
        "Sudrian negotiators rejected the idea of a fixed quota but said they would listen to every proposal from Norvaland.",
        "Experts from {n} universities offered to help the joint commission with its measurements.",
        "{sneg} said cooperation on the lake could be a model for the whole region.",
    ],
    "economy": [
        "The fishing industry of the south has lost {n} million since the water began to fall.",
        "Fish prices in the capital have doubled, traders said on {day}, and they blamed the closed gates of the dam.",
        "A fair quota would let the canneries of the southern shore reopen, the chamber of commerce said.",
        "The government set aside {n} million to support fishing families until the water returns.",
        "Tourism on the southern shore of {lake} has collapsed, hotel owners in {vil} said.",
        "Sudria's economy could grow again if {lake} recovers, the central bank said.",
        "The cannery in {vil} hopes to hire {n} workers again once the boats return.",
        "Exports of dried fish fell by half last year, according to the trade ministry.",
        "Small businesses in {vil} said the lake's recovery would bring back customers.",
        "Economists said a joint commission would cost little compared with the losses of the drought.",
        "Banks offered fishermen new loans to repair their boats for the coming season.",
        "The price of bread in the south rose after the water for the mills ran short.",
        "A new water pipeline would cost {n} million, the ministry of works estimated.",
        "The port of {vil} could be dredged with help from a regional development fund.",
    ],
}

# ---------------------------------------------------------------- the wire (each story unique)
WIRE = [
    ("Water talks open in Port Alden", [
        "Delegations from Norvaland and Sudria met in Port Alden on Monday for a first round of talks on sharing the water of Lake Merin.",
        "The mediator, a retired judge from a neutral country, said both sides had agreed on an agenda and would meet again on Tuesday.",
        "Norvaland wants a fixed quota for its farms, while Sudria asks for a joint commission to inspect the dam on the northern shore.",
        "The lake has lost about a third of its surface in five years of drought, according to satellite measurements.",
    ]),
    ("Lake Merin talks stall over control of dam gates", [
        "The second day of talks between Norvaland and Sudria ended without agreement on who should operate the gates of the northern dam.",
        "A spokesman for the mediator said the sessions had been frank and that the delegations would continue on Wednesday.",
        "Norvaland's foreign minister Harald Veng told reporters that the dam was not on the table.",
        "Sudria's chief negotiator Amina Sol said her side still hoped for a joint inspection of the dam.",
    ]),
    ("First round of Lake Merin talks ends", [
        "The first round of water talks between Norvaland and Sudria ended in Port Alden on Wednesday.",
        "Both sides said they had agreed in principle to a joint commission but not on a quota.",
        "A second round is expected in June, the mediator said in a short statement.",
        "Neither delegation took questions after the closing session.",
    ]),
    ("Drought deepens around Lake Merin as summer begins", [
        "Water levels in Lake Merin fell by another forty centimetres in May, the regional weather service said on Friday.",
        "Rainfall in the catchment has been below average for five consecutive years.",
        "Hydrologists said the decline would continue unless the autumn rains return.",
    ]),
    ("Second round of water talks opens", [
        "Negotiators from Norvaland and Sudria returned to Port Alden on Monday for a second round of talks on Lake Merin.",
        "The mediator said the round would focus on the powers of a joint commission and on a seasonal quota.",
        "Both delegations arrived with new technical teams, officials said.",
        "The talks are scheduled to last four days.",
    ]),
    ("Negotiators trade proposals on water quota", [
        "Norvaland proposed on Tuesday to release a fixed volume of water each month, while Sudria asked for a share that rises in dry years.",
        "The two proposals were exchanged through the mediator and will be studied overnight, a spokesman said.",
        "Economists estimate that the drought has cost the two countries more than a billion in lost harvests and catches.",
    ]),
    ("Protests on both shores as talks continue", [
        "Farmers demonstrated in the Norvaland capital on Wednesday against any cut in irrigation water.",
        "On the southern shore, several hundred fishermen marched to call for a fair share of the lake.",
        "Police on both sides reported no arrests, and the talks in Port Alden continued.",
    ]),
    ("Second round ends with outline of joint commission", [
        "Norvaland and Sudria ended their second round of talks on Thursday with an outline for a joint commission of engineers.",
        "The commission would measure the flow through the dam and publish its readings every week, the mediator said.",
        "The quota itself remains unresolved, and a third round is planned for July.",
        "Both foreign ministries called the outcome a step forward.",
    ]),
    ("Third round opens with commission text on the table", [
        "Delegations from Norvaland and Sudria met in Port Alden on Monday for a third round of talks, with a draft text on the joint commission before them.",
        "Diplomats said the draft gives the commission access to the dam's gauges but not to its control room.",
        "The mediator said he hoped to close the round with a signed agreement.",
    ]),
    ("Norvaland and Sudria agree on joint water commission", [
        "Norvaland and Sudria signed an agreement in Port Alden on Thursday to set up a joint commission on the water of Lake Merin.",
        "Under the agreement, engineers from both countries will read the gauges at the northern dam every week and report to both governments.",
        "A seasonal quota will be negotiated by the commission within six months, the text says.",
        "The mediator called the agreement the first step towards a lasting settlement.",
    ]),
    ("Reactions to the Lake Merin agreement", [
        "Farm unions in Norvaland said they would judge the agreement by the water left for irrigation next spring.",
        "Fishing cooperatives in Sudria welcomed the commission but said the villages needed water now.",
        "Regional governments and lenders offered to fund the commission's first year.",
    ]),
    ("Commission members named", [
        "Norvaland and Sudria each named four engineers to the new joint commission on Lake Merin, officials said on Monday.",
        "The commission will hold its first meeting in Port Alden in August.",
        "Its chair will rotate between the two countries every six months.",
    ]),
]
WIRE_DATES = ["2030-05-06", "2030-05-07", "2030-05-08", "2030-05-31", "2030-06-10", "2030-06-11",
              "2030-06-12", "2030-06-13", "2030-07-15", "2030-07-18", "2030-07-19", "2030-07-29"]

LOCAL = {
    "Coast Times": [
        "Local fishermen told the Coast Times they hoped the talks would end the closures of the lake.",
        "Harbour traders in the coastal towns said they were watching the talks closely.",
        "The Coast Times will follow the talks every day this week.",
    ],
    "Harbour Gazette": [
        "Ferry operators on the lake told the Harbour Gazette that low water had cancelled half their crossings.",
        "Readers can send their questions about the talks to the Harbour Gazette's newsdesk.",
        "The regional council will discuss the outcome at its next meeting, a councillor told the Harbour Gazette.",
    ],
}

TOWNS_N = ["Norvik", "Hollin", "Brask"]


def fill(s, side, lake):
    return s.format(
        lake=lake, day=str(rng.choice(DAYS)), vil=str(rng.choice(VILLAGES)), farm=str(rng.choice(FARMS)),
        nmin=str(rng.choice(N_MIN)), sneg=str(rng.choice(S_NEG)), n=int(rng.integers(3, 60)),
        town=str(rng.choice(TOWNS_N)),
    )


def cap(s):
    return s[:1].upper() + s[1:]


def side_articles(prefix, titles, pool, outlets, dates, lake_p):
    """Articles of one side: a main theme (two paragraphs) and two other themes (one each)."""
    themes = list(pool)
    # sentences drawn without replacement, the pool refilled when it runs out
    bags = {t: list(rng.permutation(len(pool[t]))) for t in themes}

    def take(t):
        if not bags[t]:
            bags[t] = list(rng.permutation(len(pool[t])))
        return pool[t][bags[t].pop()]

    title_bag = list(rng.permutation(len(titles)))
    out = []
    for i, (outlet, date) in enumerate(zip(outlets, dates)):
        lake = "Lake Merin" if rng.random() < lake_p else "Lake Meryn"
        main = themes[i % len(themes)]
        others = [t for t in rng.permutation(themes) if t != main][:2]
        paras = [take(main) + " " + take(main), take(main), take(others[0]), take(others[1]) + " " + take(others[1])]
        paras = [cap(fill(p, prefix, lake)) for p in paras]
        if not title_bag:
            title_bag = list(rng.permutation(len(titles)))
        title = cap(fill(titles[title_bag.pop()], prefix, lake))
        out.append((title, paras, main))
    return out


def dates_for(n):
    days = np.sort(rng.choice(np.arange(0, 85), size=n, replace=True))
    base = np.datetime64("2030-05-04")
    return [str(base + int(d)) for d in days]


def build(path):
    """Write the articles to ``path`` (CSV)."""
    global rng
    rng = np.random.default_rng(2030)
    rows = []
    n_outlets = [("Norvaland Herald", "newspaper", "private"), ("Valley Courier", "newspaper", "private"),
                 ("Norvaland Radio", "radio", "state")]
    s_outlets = [("Sudria Daily", "newspaper", "private"), ("Southern Voice", "newspaper", "private"),
                 ("Sudria Broadcasting", "radio", "state")]
    per_outlet = 9
    for country, outlets, titles, pool, lake_p, tag in [
        ("Norvaland", n_outlets, N_TITLES, N_POOL, 0.93, "nv"),
        ("Sudria", s_outlets, S_TITLES, S_POOL, 0.25, "sd"),
    ]:
        names = [o[0] for o in outlets for _ in range(per_outlet)]
        order = rng.permutation(len(names))
        names = [names[i] for i in order]
        dates = dates_for(len(names))
        arts = side_articles(tag, titles, pool, names, dates, lake_p)
        counters = {}
        for (outlet, date), (title, paras, main) in zip(zip(names, dates), arts):
            kind, owner = next((k, w) for o, k, w in outlets if o == outlet)
            key = "".join(w[0] for w in outlet.split()).lower()
            counters[key] = counters.get(key, 0) + 1
            rows.append(dict(doc_id=f"{key}-{counters[key]:02d}", headline=title, source=outlet, country=country,
                             owner=owner, kind=kind, date=date, language="en", body="\n".join(paras)))

    for i, ((title, paras), date) in enumerate(zip(WIRE, WIRE_DATES), 1):
        rows.append(dict(doc_id=f"cw-{i:02d}", headline=title, source="Continental Wire", country="international",
                         owner="cooperative", kind="wire", date=date, language="en", body="\n".join(paras)))

    # republished copies: (wire story, outlet, how)
    COPIES = [(1, "Coast Times", "add"), (1, "Harbour Gazette", "same"), (2, "Coast Times", "cut"),
              (3, "Harbour Gazette", "add"), (5, "Coast Times", "same"), (6, "Harbour Gazette", "cut"),
              (8, "Coast Times", "add"), (8, "Harbour Gazette", "same"), (9, "Coast Times", "same"),
              (10, "Coast Times", "add"), (10, "Harbour Gazette", "add"), (11, "Harbour Gazette", "cut")]
    counters = {}
    local_bags = {k: list(v) for k, v in LOCAL.items()}
    for story, outlet, how in COPIES:
        title, paras = WIRE[story - 1]
        paras = list(paras)
        if how == "add":
            paras.append(local_bags[outlet].pop(0))
        elif how == "cut":
            paras = paras[:-1]
        key = "".join(w[0] for w in outlet.split()).lower()
        counters[key] = counters.get(key, 0) + 1
        rows.append(dict(doc_id=f"{key}-{counters[key]:02d}", headline=title, source=outlet, country="international",
                         owner="private", kind="regional", date=str(np.datetime64(WIRE_DATES[story - 1]) + 1), language="en",
                         body="\n".join(paras)))

    rows.sort(key=lambda r: (r["date"], r["doc_id"]))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(len(rows), "rows")


if __name__ == "__main__":
    build(sys.argv[1])
