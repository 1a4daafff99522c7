import frappe


@frappe.whitelist()
def get_tickets():
    return frappe.get_all("HD Ticket")
