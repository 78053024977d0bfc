"""What the roadmap offers the home page's "List from the site" block (see pages/home_sections.py)."""

from django.utils import timezone

from pages.home_sections import HomeSection

from .models import MilestoneStatus, RoadmapPage

# What the section says the milestones it shows are, by the stage the roadmap is at.
STAGES = {
    MilestoneStatus.NOW: "Happening now",
    MilestoneStatus.UPCOMING: "Coming next",
    MilestoneStatus.DONE: "Our latest milestone",
}


def current_stage_for_home(request, count: int, today=None) -> dict | None:
    """The milestones happening now; failing those, the next to come; failing those, the last done.

    None while there is no live roadmap or it has no dated milestones.
    """
    roadmap = RoadmapPage.objects.live().first()
    if roadmap is None:
        return None
    today = today or timezone.localdate()
    dated = [(milestone, milestone.status_on(today)) for milestone in roadmap.all_milestones()]
    dated = [(milestone, status) for milestone, status in dated if status]
    for stage in (MilestoneStatus.NOW, MilestoneStatus.UPCOMING):
        milestones = [milestone for milestone, status in dated if status == stage][:count]
        if milestones:
            break
    else:
        stage = MilestoneStatus.DONE
        milestones = [milestone for milestone, _ in dated][-1:]
    if not milestones:
        return None
    return {"stage": stage, "stage_label": STAGES[stage], "milestones": milestones, "roadmap": roadmap}


HOME_SECTIONS = [
    HomeSection(
        "roadmap_current_stage", "Roadmap: where we are now", "roadmap/home_section.html", current_stage_for_home
    )
]
