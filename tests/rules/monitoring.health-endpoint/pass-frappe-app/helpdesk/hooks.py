app_name = "helpdesk"
app_title = "Helpdesk"
app_publisher = "Frappe Technologies"
