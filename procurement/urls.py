from django.urls import path

from procurement.views import capacity, checklist, commitments, procurements

app_name = "procurement"

urlpatterns = [
    path("oppstartsdatoer/", commitments.commitment_list, name="commitment-list"),
    path("oppstartsdatoer/eksport.csv", commitments.commitment_export, name="commitment-export"),
    path("oppstartsdatoer/<int:pk>/", commitments.commitment_detail, name="commitment-detail"),
    path(
        "innforinger/<int:pk>/oppstartsdato/",
        commitments.commitment_request,
        name="commitment-request",
    ),
    path("kapasitet/", capacity.heatmap, name="heatmap"),
    path("leverandorer/<int:pk>/", capacity.supplier_load, name="supplier-load"),
    path("leverandorer/<int:pk>/kapasitet/", capacity.capacity_edit, name="capacity-edit"),
    path("anskaffelser/", procurements.procurement_list, name="procurement-list"),
    path("anskaffelser/ny/", procurements.procurement_create, name="procurement-create"),
    path("anskaffelser/<int:pk>/", procurements.procurement_detail, name="procurement-detail"),
    path("anskaffelser/<int:pk>/endre/", procurements.procurement_edit, name="procurement-edit"),
    path(
        "anskaffelser/<int:pk>/sjekkliste/",
        procurements.procurement_checklist,
        name="procurement-checklist",
    ),
    path(
        "anskaffelser/<int:pk>/dialogmoter/ny/",
        procurements.procurement_meeting,
        name="procurement-meeting",
    ),
    path(
        "anskaffelser/<int:pk>/plan/ny/",
        procurements.procurement_schedule,
        name="procurement-schedule",
    ),
    path("ks-sjekkliste/", checklist.checklist_items, name="checklist-items"),
    path("ks-sjekkliste/<int:pk>/", checklist.checklist_item_edit, name="checklist-item-edit"),
]
